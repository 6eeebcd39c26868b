package org.m2mdm.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.eclipse.leshan.server.registration.Registration;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.mo.payload.UsimProfilePayload;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the conformance suite against an external LwM2M client: starts the suite's server on
 * 127.0.0.1, waits for the client to register, runs every case, prints one line per case and
 * {@code N passed, N failed, N not applicable}. Exit code 0 only if no case failed; 1 if some
 * failed; 2 for bad arguments or a client that never registered.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the m2m-dm LwM2M conformance suite against an external client.",
        footer = { "", "Exit status: 0 no case failed, 1 some case failed, 2 bad arguments or no registration." })
public final class ConformanceMain implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    private static final String PASSPHRASE_ENV = "M2MDM_KEY_PASSPHRASE";

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "EP", description = "Endpoint name the client registers with.")
    String endpoint;

    @Option(names = "--coap-port", defaultValue = "5683", paramLabel = "P",
            description = "UDP port of the suite's CoAP endpoint on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any).")
    int coapPort;

    @Option(names = "--coaps-port", defaultValue = "5684", paramLabel = "P",
            description = "UDP port of the suite's CoAPS (DTLS) endpoint on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any).")
    int coapsPort;

    @Option(names = "--psk-identity", paramLabel = "ID", description = "PSK identity the client uses over CoAPS.")
    String pskIdentity;

    @Option(names = "--psk-key", paramLabel = "HEX", description = "Pre-shared key (hex) the client uses over CoAPS.")
    String pskKey;

    @Option(names = "--bootstrap-port", paramLabel = "P",
            description = "Also run a plain-CoAP bootstrap server on this port that sends EP to the suite's server "
                    + "(CoAPS with the PSK if given, else CoAP); for clients that only register where a bootstrap "
                    + "server sends them.")
    Integer bootstrapPort;

    @Option(names = "--lifetime", defaultValue = "300", paramLabel = "S",
            description = "Registration lifetime written by --bootstrap-port (default ${DEFAULT-VALUE} s).")
    long lifetime;

    @Option(names = "--signer-key", paramLabel = "FILE",
            description = "Encrypted PKCS#8 PEM key of a server the client trusts for usim-profile envelopes.")
    Path signerKey;

    @Option(names = "--signer-chain", paramLabel = "FILE", description = "PEM certificate chain of that signer (own first).")
    Path signerChain;

    @Option(names = "--device-cert", paramLabel = "FILE", description = "PEM device certificate of the client (CN = EP).")
    Path deviceCert;

    @Option(names = "--wrong-role-signer-key", paramLabel = "FILE",
            description = "Key of a signer chained to a trusted root whose role may not send usim-profile (usim-13).")
    Path wrongRoleKey;

    @Option(names = "--wrong-role-signer-chain", paramLabel = "FILE", description = "Its PEM certificate chain.")
    Path wrongRoleChain;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the passphrase of the signer keys (else $" + PASSPHRASE_ENV + ").")
    Path passphraseFile;

    @Option(names = "--attachable-profile", paramLabel = "FILE",
            description = "Properties file (imsi, mncLength, iccid, k, opc, plmn[, operatorName]) of a profile the "
                    + "client's network accepts, for the switch case usim-03.")
    Path attachableProfile;

    @Option(names = "--first-sequence", paramLabel = "N",
            description = "First envelope sequence number (default: now in milliseconds).")
    Long firstSequence;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "S",
            description = "Time one request or notification may take (default ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Option(names = "--switch-timeout", defaultValue = "60", paramLabel = "S",
            description = "Time a profile switch or rollback may take (default ${DEFAULT-VALUE} s).")
    long switchTimeoutSeconds;

    @Option(names = "--register-timeout", defaultValue = "120", paramLabel = "S",
            description = "Time to wait for the client's registration (default ${DEFAULT-VALUE} s).")
    long registerTimeoutSeconds;

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The picocli command line (for tests: {@code commandLine().setOut(..).execute(args)}). */
    static CommandLine commandLine() {
        return new CommandLine(new ConformanceMain());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        byte[] psk = parsePsk();
        UsimFixture fixture = usimFixture();
        if (timeoutSeconds <= 0 || switchTimeoutSeconds <= 0 || registerTimeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "timeouts must be positive");
        }
        try (ConformanceServer server = ConformanceServer.start(coapPort, coapsPort)) {
            if (psk != null) {
                server.addPreSharedKey(endpoint, pskIdentity, psk);
            }
            ConformanceBootstrap bootstrap = null;
            try {
                if (bootstrapPort != null) {
                    bootstrap = ConformanceBootstrap.plain(bootstrapPort);
                    if (psk != null) {
                        bootstrap.sendToCoaps(endpoint, server.coapsUri(), pskIdentity, psk, lifetime);
                    } else {
                        bootstrap.sendToCoap(endpoint, server.coapUri(), lifetime);
                    }
                    out.println("bootstrap server on " + bootstrap.uri());
                }
                out.println("conformance server on " + server.coapUri() + " and " + server.coapsUri()
                        + "; waiting up to " + registerTimeoutSeconds + " s for " + endpoint + " to register");
                out.flush();
                Optional<Registration> reg = server.awaitRegistration(endpoint,
                        Duration.ofSeconds(registerTimeoutSeconds));
                if (reg.isEmpty()) {
                    spec.commandLine().getErr().println("error: " + endpoint + " did not register within "
                            + registerTimeoutSeconds + " s");
                    return EXIT_USAGE;
                }
                out.println("registered: " + endpoint + " from " + reg.get().getSocketAddress() + " with "
                        + reg.get().getObjectLinks().length + " object links");
                out.flush();
                ClientUnderTest client = new ClientUnderTest(server, endpoint, Duration.ofSeconds(timeoutSeconds),
                        fixture);
                SuiteReport report = ConformanceSuite.standard().run(client, r -> {
                    out.println(r.line());
                    out.flush();
                });
                out.println(report.summaryLine());
                out.flush();
                return report.succeeded() ? 0 : EXIT_FAILED;
            } finally {
                if (bootstrap != null) {
                    bootstrap.close();
                }
            }
        }
    }

    private byte[] parsePsk() {
        if ((pskIdentity == null) != (pskKey == null)) {
            throw new ParameterException(spec.commandLine(), "--psk-identity and --psk-key go together");
        }
        if (pskKey == null) {
            return null;
        }
        try {
            byte[] key = HexFormat.of().parseHex(pskKey);
            if (key.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--psk-key must be non-empty hex");
        }
    }

    private UsimFixture usimFixture() {
        boolean any = signerKey != null || signerChain != null || deviceCert != null;
        if (!any) {
            if (wrongRoleKey != null || wrongRoleChain != null || attachableProfile != null) {
                throw new ParameterException(spec.commandLine(),
                        "USIM options need --signer-key, --signer-chain and --device-cert");
            }
            return null;
        }
        if (signerKey == null || signerChain == null || deviceCert == null) {
            throw new ParameterException(spec.commandLine(),
                    "--signer-key, --signer-chain and --device-cert go together");
        }
        if ((wrongRoleKey == null) != (wrongRoleChain == null)) {
            throw new ParameterException(spec.commandLine(),
                    "--wrong-role-signer-key and --wrong-role-signer-chain go together");
        }
        char[] passphrase = passphrase();
        UsimFixture.Builder b = UsimFixture.builder().signer(signer(signerKey, signerChain, passphrase))
                .deviceCertificate(certificates(deviceCert, "--device-cert").get(0))
                .switchTimeout(Duration.ofSeconds(switchTimeoutSeconds));
        if (wrongRoleKey != null) {
            b.wrongRoleSigner(signer(wrongRoleKey, wrongRoleChain, passphrase));
        }
        if (attachableProfile != null) {
            b.profiles(ProfileSupply.withAttachable(readProfile(attachableProfile)));
        }
        if (firstSequence != null) {
            b.firstSequence(firstSequence);
        }
        return b.build();
    }

    private char[] passphrase() {
        try {
            if (passphraseFile != null) {
                List<String> lines = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new ParameterException(spec.commandLine(), passphraseFile + " holds no passphrase");
                }
                return lines.get(0).toCharArray();
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --passphrase-file " + passphraseFile);
        }
        String env = System.getenv(PASSPHRASE_ENV);
        if (env == null || env.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "the signer keys are encrypted: give --passphrase-file or set " + PASSPHRASE_ENV);
        }
        return env.toCharArray();
    }

    private Signer signer(Path key, Path chain, char[] passphrase) {
        PrivateKey k;
        try {
            k = Pem.readPrivateKey(key, passphrase);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read key file " + key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), key + ": " + e.getMessage());
        }
        try {
            return new Signer(k, certificates(chain, "certificate chain"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), chain + ": " + e.getMessage());
        }
    }

    private List<X509Certificate> certificates(Path file, String what) {
        try {
            List<X509Certificate> certs = Pem.readCertificates(file);
            if (certs.isEmpty()) {
                throw new ParameterException(spec.commandLine(), what + " " + file + " holds no certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + what + " " + file);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }

    private UsimProfilePayload readProfile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --attachable-profile " + file);
        }
        try {
            return UsimProfilePayload.builder()
                    .imsi(required(p, "imsi", file), Integer.parseInt(p.getProperty("mncLength", "2").trim()))
                    .iccid(required(p, "iccid", file)).k(secretHex(p, "k", file))
                    .opc(secretHex(p, "opc", file)).operatorPlmn(required(p, "plmn", file))
                    .operatorName(p.getProperty("operatorName", "")).fallback(false).build();
        } catch (IllegalArgumentException e) {
            // PayloadFormatException names the field, never its value.
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }

    /** Parses a K/OPc value; the error never echoes any part of it. */
    private byte[] secretHex(Properties p, String key, Path file) {
        try {
            return HexFormat.of().parseHex(required(p, key, file));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), file + ": '" + key + "' must be 32 hex digits");
        }
    }

    private String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new ParameterException(spec.commandLine(), file + ": '" + key + "' is missing");
        }
        return v.trim();
    }
}
