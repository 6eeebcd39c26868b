package org.m2mdm.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.network.sim.RemoteAccessNetwork;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.synthetic.Ku;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code java -jar dm-client.jar --state-dir DIR --network HOST:PORT} runs one terminal until stopped. */
@Command(name = "dm-client", mixinStandardHelpOptions = true, version = "m2m-dm dm-client 0.1.0",
        description = "Runs an M2M terminal (LwM2M client) from its state directory, attached to a network-sim "
                + "access network in another process.", subcommands = { Main.Manufacture.class })
public final class Main implements Callable<Integer> {
    static final int EXIT_BAD_STATE = 3;
    static final int EXIT_NO_SERVICE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Not "required" in picocli's sense, so that the manufacture subcommand works without them.
    @Option(names = "--state-dir", paramLabel = "DIR", description = "The terminal's state directory (required).")
    Path stateDir;

    @Option(names = "--network", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "network-sim AccessNetworkServer to attach through (RemoteAccessNetwork; required).")
    InetSocketAddress network;

    @Option(names = "--rollback-timeout", defaultValue = "PT60S", paramLabel = "DURATION",
            description = "How long a switch waits for the management server over a new profile (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration rollbackTimeout;

    @Option(names = "--run-for", paramLabel = "DURATION", description = "Stop after this long (default: until killed).")
    Duration runFor;

    public static void main(String[] args) {
        // Before any logger exists: the terminal's own log at INFO, the libraries' at WARN.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.m2mdm",
                System.getProperty("org.slf4j.simpleLogger.log.org.m2mdm", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /** Same, with the usage/error text going to {@code out}/{@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (stateDir == null || network == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: "
                    + (stateDir == null ? "'--state-dir=DIR' " : "") + (network == null ? "'--network=HOST:PORT'" : ""));
        }
        InetSocketAddress address = network;
        Terminal terminal;
        try {
            StateDirectory.open(stateDir); // fail fast with a clear message before connecting
        } catch (StateDirectoryException e) {
            System.err.println("dm-client: corrupt or missing state directory: " + e.getMessage());
            return EXIT_BAD_STATE;
        }
        RemoteAccessNetwork access;
        try {
            access = new RemoteAccessNetwork(new InetSocketAddress(address.getHostString(), address.getPort()));
        } catch (UncheckedIOException e) {
            System.err.println("dm-client: " + e.getMessage());
            return EXIT_NO_SERVICE;
        }
        terminal = Terminal.builder().stateDirectory(stateDir).network(access).rollbackTimeout(rollbackTimeout).build();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            terminal.stop();
            access.close();
            done.countDown();
        }, "dm-client-shutdown"));
        try {
            terminal.start();
        } catch (StateDirectoryException e) {
            System.err.println("dm-client: corrupt state directory: " + e.getMessage());
            return EXIT_BAD_STATE;
        } catch (TerminalException e) {
            System.err.println("dm-client: " + e.getMessage());
            return EXIT_NO_SERVICE;
        }
        if (runFor != null) {
            Thread.sleep(runFor.toMillis());
            terminal.stop();
            access.close();
            return 0;
        }
        done.await();
        return 0;
    }

    /** Parses HOST:PORT for picocli, so a bad value is a usage error. */
    static final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + s + "'");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return InetSocketAddress.createUnresolved(s.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("port of '" + s + "' must be 1..65535");
            }
        }
    }

    /** The manufacture step: mints the device identity and writes a new state directory. */
    @Command(name = "manufacture", mixinStandardHelpOptions = true,
            description = "Creates a terminal state directory: device key and certificate (issued by the manufacturer "
                    + "CA), AAS address and certificate, default trust policy, and a legacy USIM or Ku.")
    static final class Manufacture implements Callable<Integer> {
        @Option(names = "--state-dir", required = true, paramLabel = "DIR")
        Path stateDir;

        @Option(names = "--endpoint", required = true, description = "LwM2M endpoint name, e.g. urn:imei:...")
        String endpoint;

        @Option(names = "--ca-cert", required = true, paramLabel = "PEM", description = "Manufacturer CA certificate chain.")
        Path caCert;

        @Option(names = "--ca-key", required = true, paramLabel = "PEM", description = "Manufacturer CA private key (encrypted PKCS#8).")
        Path caKey;

        @Option(names = "--ca-passphrase-file", required = true, paramLabel = "FILE")
        Path caPassphrase;

        @Option(names = "--aas", required = true, paramLabel = "URI", description = "AAS URI, e.g. coaps://aas.m2m.local")
        String aas;

        @Option(names = "--aas-cert", paramLabel = "PEM", description = "The AAS's DTLS server certificate (required for coaps).")
        Path aasCert;

        @Option(names = "--trust-anchors", required = true, paramLabel = "PEM",
                description = "Provisioning root certificate(s): the default trust policy (standard roles).")
        Path trustAnchors;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Credentials credentials;

        static final class Credentials {
            @Option(names = "--usim-file", paramLabel = "FILE",
                    description = "Legacy USIM as properties: imsi, mncLength, iccid, k, opc (hex), plmn (MCC-MNC), operatorName.")
            Path usimFile;

            @Option(names = "--generate-ku", description = "Synthetic credentials: generate Ku (its label goes to ku.txt).")
            boolean generateKu;
        }

        @Override
        public Integer call() throws Exception {
            char[] pass = Files.readString(caPassphrase, StandardCharsets.UTF_8).trim().toCharArray();
            CertificateAuthority ca = CertificateAuthority.load(caCert, caKey, pass);
            DeviceIdentity device = ca.issueDevice(endpoint);
            Optional<X509Certificate> aasCertificate = aasCert == null ? Optional.empty()
                    : Optional.of(Pem.readCertificates(aasCert).get(0));
            TrustPolicy policy = TrustPolicy.standard(Pem.readCertificates(trustAnchors));
            Optional<Ku> ku = credentials.generateKu ? Optional.of(Ku.generate(new SecureRandom())) : Optional.empty();
            List<StoredProfile> profiles = credentials.usimFile == null ? List.of() : List.of(legacyProfile(credentials.usimFile));
            TerminalIdentity id = new TerminalIdentity(endpoint, device.keyPair().getPrivate(), device.certificateChain(),
                    aas, aasCertificate, ku, policy, null, null, null);
            try {
                StateDirectory.manufacture(stateDir, id, profiles, Optional.empty());
            } catch (StateDirectoryException e) {
                System.err.println("dm-client manufacture: " + e.getMessage());
                return EXIT_BAD_STATE;
            }
            PrintWriter out = new PrintWriter(System.out, true);
            out.println("manufactured " + endpoint + " in " + stateDir + (ku.isPresent()
                    ? " (Ku fingerprint " + ku.get().fingerprint() + "; the label is in " + StateDirectory.KU + ")"
                    : " (legacy USIM " + profiles.get(0).iccid() + ")"));
            return 0;
        }

        private static StoredProfile legacyProfile(Path file) throws IOException {
            Properties p = AtomicFiles.readProperties(file);
            try {
                Imsi imsi = Imsi.of(p.getProperty("imsi", ""), Integer.parseInt(p.getProperty("mncLength", "2")));
                UsimCredentials c = new UsimCredentials(imsi, Iccid.of(p.getProperty("iccid", "")),
                        K.fromHex(p.getProperty("k", "")), Opc.fromHex(p.getProperty("opc", "")), Algorithm.MILENAGE,
                        Amf.fromHex(p.getProperty("amf", "8000")));
                return new StoredProfile(0, c, Plmn.parse(p.getProperty("plmn", imsi.plmn().toString())),
                        p.getProperty("operatorName", ""), p.getProperty("profileName", ""), ProfileOrigin.MANUFACTURE,
                        Instant.now());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(new CommandLine(new Manufacture()), file + ": " + e.getMessage());
            }
        }
    }
}
