package org.m2mdm.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.FileProfileStore;
import org.m2mdm.client.profiles.Selection;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.KuFormatException;

/**
 * A terminal's persistent state (see dm-client/README.md for the layout). {@link #open} validates
 * it and fails with a {@link StateDirectoryException} naming the file; {@link #manufacture} writes a
 * new one.
 */
public final class StateDirectory {
    public static final String TERMINAL = "terminal.properties";
    public static final String DEVICE_KEY = "device-key.pem";
    public static final String DEVICE_KEY_PASSPHRASE = "device-key.pass";
    public static final String DEVICE_CERTIFICATE = "device-cert.pem";
    public static final String AAS_CERTIFICATE = "aas-cert.pem";
    public static final String TRUST_POLICY = "trust-policy.bin";
    public static final String KU = "ku.txt";
    public static final String PROFILES = "profiles";
    public static final String JOURNAL = "journal.log";
    public static final String REPLAY_GUARD = "replay-guard";
    public static final String APP_PARAMS = "app-params";
    public static final String APN = "apn";

    private final Path dir;
    private final TerminalIdentity identity;

    private StateDirectory(Path dir, TerminalIdentity identity) {
        this.dir = dir;
        this.identity = identity;
    }

    public Path directory() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    public TerminalIdentity identity() {
        return identity;
    }

    /** Reads and validates a state directory. */
    public static StateDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StateDirectoryException("state directory " + dir + " does not exist");
        }
        Path terminal = dir.resolve(TERMINAL);
        if (!Files.isRegularFile(terminal)) {
            throw new StateDirectoryException(dir + " is not a terminal state directory: " + TERMINAL + " is missing");
        }
        Properties p;
        try {
            p = AtomicFiles.readProperties(terminal);
        } catch (IOException | IllegalArgumentException e) {
            throw new StateDirectoryException(terminal + " is unreadable: " + e.getMessage(), e);
        }
        if (!"1".equals(p.getProperty("format"))) {
            throw new StateDirectoryException(terminal + ": unsupported or missing 'format'");
        }
        String endpoint = required(p, "endpoint", terminal);
        String aas = p.getProperty("aas", "").trim();
        char[] passphrase = readText(dir.resolve(DEVICE_KEY_PASSPHRASE)).trim().toCharArray();
        PrivateKey key;
        try {
            key = Pem.decodePrivateKey(readText(dir.resolve(DEVICE_KEY)), passphrase);
        } catch (IllegalArgumentException e) {
            throw new StateDirectoryException(dir.resolve(DEVICE_KEY) + ": " + e.getMessage());
        }
        List<X509Certificate> chain = certificates(dir.resolve(DEVICE_CERTIFICATE));
        Optional<X509Certificate> aasCert = Files.exists(dir.resolve(AAS_CERTIFICATE))
                ? Optional.of(certificates(dir.resolve(AAS_CERTIFICATE)).get(0))
                : Optional.empty();
        if (aas.startsWith("coaps:") && aasCert.isEmpty()) {
            throw new StateDirectoryException("the AAS " + aas + " uses DTLS but " + AAS_CERTIFICATE + " is missing");
        }
        TrustPolicy policy;
        try {
            policy = TrustPolicy.decode(Files.readAllBytes(dir.resolve(TRUST_POLICY)));
        } catch (IOException e) {
            throw new StateDirectoryException(dir.resolve(TRUST_POLICY) + " is missing or unreadable");
        } catch (RuntimeException e) {
            throw new StateDirectoryException(dir.resolve(TRUST_POLICY) + " is not a valid trust policy: " + e.getMessage());
        }
        Optional<Ku> ku = Optional.empty();
        if (Files.exists(dir.resolve(KU))) {
            try {
                ku = Optional.of(Ku.parse(readText(dir.resolve(KU)).trim()));
            } catch (KuFormatException e) {
                throw new StateDirectoryException(dir.resolve(KU) + ": " + e.getMessage());
            }
        }
        TerminalIdentity id;
        try {
            id = new TerminalIdentity(endpoint, key, chain, aas, aasCert, ku, policy, p.getProperty("manufacturer"),
                    p.getProperty("model"), p.getProperty("serial"));
        } catch (IllegalArgumentException e) {
            throw new StateDirectoryException(terminal + ": " + e.getMessage());
        }
        FileProfileStore profiles;
        try {
            profiles = new FileProfileStore(dir.resolve(PROFILES));
        } catch (RuntimeException e) {
            throw new StateDirectoryException("profile store: " + e.getMessage(), e);
        }
        if (profiles.profiles().isEmpty() && ku.isEmpty()) {
            throw new StateDirectoryException(dir + " holds neither a USIM profile nor Ku: the terminal cannot attach");
        }
        return new StateDirectory(dir, id);
    }

    /**
     * Writes a new state directory: identity, device key (encrypted PKCS#8 with a random passphrase in
     * {@value #DEVICE_KEY_PASSPHRASE}, standing in for a secure element), trust policy, optional Ku
     * and the factory USIM profiles (the first is enabled; {@code fallback} gets the attribute).
     *
     * @throws StateDirectoryException if {@code dir} already holds a terminal
     */
    public static StateDirectory manufacture(Path dir, TerminalIdentity identity, List<StoredProfile> profiles,
            Optional<Iccid> fallback) {
        if (Files.exists(dir.resolve(TERMINAL))) {
            throw new StateDirectoryException(dir + " already holds a terminal; refusing to overwrite it");
        }
        if (profiles.isEmpty() && identity.ku().isEmpty()) {
            throw new StateDirectoryException("a terminal needs a USIM profile or Ku");
        }
        if (identity.aasAddress().startsWith("coaps:") && identity.aasCertificate().isEmpty()) {
            throw new StateDirectoryException("the AAS " + identity.aasAddress() + " uses DTLS but no " + AAS_CERTIFICATE
                    + " (AAS server certificate) was given");
        }
        try {
            Files.createDirectories(dir);
            byte[] pass = new byte[24];
            new SecureRandom().nextBytes(pass);
            char[] passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(pass).toCharArray();
            AtomicFiles.write(dir.resolve(DEVICE_KEY_PASSPHRASE), (new String(passphrase) + "\n").getBytes(StandardCharsets.US_ASCII));
            Pem.writePrivateKey(dir.resolve(DEVICE_KEY), identity.deviceKey(), passphrase);
            Pem.writeCertificates(dir.resolve(DEVICE_CERTIFICATE), identity.deviceCertificateChain());
            if (identity.aasCertificate().isPresent()) {
                Pem.writeCertificates(dir.resolve(AAS_CERTIFICATE), List.of(identity.aasCertificate().get()));
            }
            AtomicFiles.write(dir.resolve(TRUST_POLICY), identity.manufacturePolicy().encode());
            if (identity.ku().isPresent()) {
                AtomicFiles.write(dir.resolve(KU), (identity.ku().get().toLabel() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            FileProfileStore store = new FileProfileStore(dir.resolve(PROFILES));
            for (StoredProfile sp : profiles) {
                store.install(sp);
            }
            if (!profiles.isEmpty()) {
                Iccid enabled = profiles.get(0).iccid();
                store.select(Selection.committed(enabled, fallback.or(() -> Optional.of(enabled))));
            }
            Properties p = new Properties();
            p.setProperty("format", "1");
            p.setProperty("endpoint", identity.endpoint());
            p.setProperty("aas", identity.aasAddress());
            p.setProperty("manufacturer", identity.manufacturer());
            p.setProperty("model", identity.model());
            p.setProperty("serial", identity.serialNumber());
            // Written last: a directory without it is not a terminal yet (a crash mid-manufacture is visible).
            AtomicFiles.writeProperties(dir.resolve(TERMINAL), p);
        } catch (IOException e) {
            throw new StateDirectoryException("cannot write state directory " + dir + ": " + e.getMessage(), e);
        }
        return open(dir);
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new StateDirectoryException(file + ": '" + key + "' is missing");
        }
        return v.trim();
    }

    private static String readText(Path f) {
        try {
            return Files.readString(f, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StateDirectoryException(f + " is missing or unreadable");
        }
    }

    private static List<X509Certificate> certificates(Path f) {
        try {
            return Pem.decodeCertificates(readText(f));
        } catch (IllegalArgumentException e) {
            throw new StateDirectoryException(f + ": " + e.getMessage());
        }
    }
}
