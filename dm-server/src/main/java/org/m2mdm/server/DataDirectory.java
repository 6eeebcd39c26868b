package org.m2mdm.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The layout of the data directory, and the small files the server keeps there besides the database:
 * <pre>
 *   db/m2mdm.mv.db          H2 database (embedded default)
 *   keys/master.keys        master key(s) encrypting K, OPc, PSKs and private keys in the database (0600)
 *   keys/pki.passphrase     passphrase of the PEM private keys below, unless configured (0600)
 *   pki/manufacturer-ca.pem, pki/manufacturer-ca.key.pem
 *   pki/provisioning-root.pem, pki/provisioning-root.key.pem
 *   pki/servers/{usim-management,application-management,activation}.pem / .key.pem
 *   network/                HSS state of the embedded simulated network
 *   api-token.txt           the first API token of the demo tenant (0600), written once
 *   initialized             marker written when the first start completed
 * </pre>
 */
public final class DataDirectory {
    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path pki() {
        return root.resolve("pki");
    }

    public Path network() {
        return root.resolve("network");
    }

    public Path apiTokenFile() {
        return root.resolve("api-token.txt");
    }

    public Path passphraseFile() {
        return root.resolve("keys").resolve("pki.passphrase");
    }

    Path marker() {
        return root.resolve("initialized");
    }

    /** Whether a previous first start completed here. */
    public boolean isInitialized() {
        return Files.exists(marker());
    }

    /** Creates the directory if needed; a path that is a file, or not writable, is a StartupException. */
    void prepare() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new StartupException("the data directory " + root + " is not a directory");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + root + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(root)) {
            throw new StartupException("the data directory " + root + " is not writable");
        }
    }

    void markInitialized() {
        try {
            Files.writeString(marker(), "m2m-dm data directory, first start completed\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupException("cannot write " + marker() + ": " + e.getMessage(), e);
        }
    }

    /** The configured passphrase, or the one in keys/pki.passphrase (created on first start only). */
    char[] passphrase(String configured, boolean mayCreate) {
        if (configured != null && !configured.isEmpty()) {
            return configured.toCharArray();
        }
        Path file = passphraseFile();
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (text.isEmpty()) {
                    throw new StartupException("the data directory is damaged: " + file + " is empty");
                }
                return text.toCharArray();
            }
            if (!mayCreate) {
                throw new StartupException("the data directory is damaged: " + file + " is missing"
                        + " (or set pki.passphrase)");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writeSecretFile(file, passphrase + "\n");
            return passphrase.toCharArray();
        } catch (IOException e) {
            throw new StartupException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new file readable by the owner only (0600 where the file system supports it). */
    static void writeSecretFile(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists", e);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
