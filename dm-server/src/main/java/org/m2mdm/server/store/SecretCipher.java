package org.m2mdm.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets stored in the database (K, OPc, PSK keys, private keys) with AES-256-GCM (JDK
 * provider) under a master key kept outside the database.
 *
 * <p>A stored value is {@code <keyId>:<base64(iv ‖ ciphertext ‖ tag)>}. The associated data binds it
 * to its table, row and column ({@link #context}), so a value copied into another row or column does
 * not decrypt. Rotation: {@link #rotate()} adds a new current key, {@link #reencryptAll(Database)}
 * rewrites every secret column under it in one transaction and then retires the older keys.
 *
 * <p>Keys live in a key file (mode 0600, lines {@code current=<id>} and {@code key.<id>=<base64>}) or
 * are supplied in memory from configuration.
 */
public final class SecretCipher {
    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_PREFIX = "m2mdm-secret-v1|";

    /** Every column of the schema that holds a value encrypted by this cipher (table, id column, column). */
    static final List<SecretColumn> SECRET_COLUMNS = List.of(
            new SecretColumn("usim_credentials", "k_enc"),
            new SecretColumn("usim_credentials", "opc_enc"),
            new SecretColumn("device_credentials", "psk_key_enc"),
            new SecretColumn("management_servers", "private_key_enc"));

    record SecretColumn(String table, String column) {
    }

    private final SecureRandom random;
    private final Path keyFile; // null: keys supplied in memory
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private String currentKeyId;

    private SecretCipher(Path keyFile, Map<String, byte[]> keys, String currentKeyId, SecureRandom random) {
        this.keyFile = keyFile;
        this.random = random;
        keys.forEach((id, k) -> this.keys.put(id, k.clone()));
        this.currentKeyId = currentKeyId;
    }

    /**
     * Loads the key file, creating it (mode 0600, in a directory of mode 0700) with a fresh key if
     * it does not exist.
     */
    public static SecretCipher load(Path keyFile) {
        SecureRandom random = new SecureRandom();
        try {
            if (!Files.exists(keyFile)) {
                Map<String, byte[]> fresh = new LinkedHashMap<>();
                byte[] key = new byte[KEY_BYTES];
                random.nextBytes(key);
                fresh.put("k1", key);
                SecretCipher cipher = new SecretCipher(keyFile, fresh, "k1", random);
                cipher.save(true);
                LOG.info("created master key file {}", keyFile);
                return cipher;
            }
            warnIfReadableByOthers(keyFile);
            return parse(keyFile, Files.readAllLines(keyFile, StandardCharsets.UTF_8), random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create master key file " + keyFile, e);
        }
    }

    /** A cipher over keys supplied by configuration (e.g. an environment variable); rotation stays in memory. */
    public static SecretCipher of(String currentKeyId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("current key id " + currentKeyId + " is not among the supplied keys");
        }
        keys.forEach(SecretCipher::checkKey);
        return new SecretCipher(null, keys, currentKeyId, new SecureRandom());
    }

    /** A cipher over one base64-encoded 32-byte key, e.g. from {@code M2MDM_MASTER_KEY}. */
    public static SecretCipher ofBase64Key(String keyId, String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key is not valid base64");
        }
        return of(keyId, Map.of(keyId, key));
    }

    /** The associated-data context of one stored secret: {@code table/rowId/column}. */
    public static String context(String table, String rowId, String column) {
        return table + "/" + rowId + "/" + column;
    }

    /** Encrypts under the current key, bound to the context. */
    public synchronized String encrypt(byte[] plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(currentKeyId), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(currentKeyId, context));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[IV_BYTES + ct.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return currentKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decrypts a stored value for the given context. An unknown key id, a value from another
     * context or a tampered value → {@link SecretDecryptionException} (naming the context only).
     */
    public synchronized byte[] decrypt(String stored, String context) {
        int colon = stored == null ? -1 : stored.indexOf(':');
        if (colon <= 0) {
            throw new SecretDecryptionException("stored secret " + context + " is not in keyId:ciphertext form");
        }
        String keyId = stored.substring(0, colon);
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new SecretDecryptionException("stored secret " + context + " is encrypted under key " + keyId
                    + ", which is not in the key file (retired or wrong key file?)");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("stored secret " + context + " is not valid base64");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretDecryptionException("stored secret " + context + " is truncated");
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(aad(keyId, context));
            return c.doFinal(in, IV_BYTES, in.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException("stored secret " + context
                    + " failed authentication (tampered, or moved from another row or column)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Id of the key new values are encrypted under. */
    public synchronized String currentKeyId() {
        return currentKeyId;
    }

    /** Ids of all keys that can still decrypt. */
    public synchronized Set<String> keyIds() {
        return Set.copyOf(keys.keySet());
    }

    /** Adds a fresh key and makes it current (persisted to the key file first); returns its id. */
    public synchronized String rotate() {
        // Ids only grow (never reuse a retired id: a backup's values would then meet the wrong key).
        int n = 0;
        for (String existing : keys.keySet()) {
            if (existing.matches("k\\d{1,9}")) {
                n = Math.max(n, Integer.parseInt(existing.substring(1)));
            }
        }
        String id = "k" + (n + 1);
        while (keys.containsKey(id)) {
            id = id + "x";
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        String previous = currentKeyId;
        keys.put(id, key);
        currentKeyId = id;
        try {
            save(false);
        } catch (IOException e) {
            keys.remove(id);
            currentKeyId = previous;
            throw new UncheckedIOException("cannot write master key file " + keyFile, e);
        }
        LOG.info("master key rotated: new current key {}", id);
        return id;
    }

    /**
     * Re-encrypts every secret column of every row not yet under the current key, in one
     * transaction, then retires all other keys. Returns the number of values rewritten.
     */
    public int reencryptAll(Database database) {
        Jdbc jdbc = database.jdbc();
        String target;
        synchronized (this) {
            target = currentKeyId;
        }
        int rewritten = jdbc.inTransaction(() -> {
            int count = 0;
            for (SecretColumn sc : SECRET_COLUMNS) {
                List<String[]> rows = jdbc.query("SELECT id, " + sc.column() + " FROM " + sc.table() + " WHERE "
                        + sc.column() + " IS NOT NULL AND " + sc.column() + " NOT LIKE ?",
                        r -> new String[] {r.str("id"), r.str(sc.column())}, target + ":%");
                for (String[] row : rows) {
                    String ctx = context(sc.table(), row[0], sc.column());
                    byte[] plain = decrypt(row[1], ctx);
                    try {
                        jdbc.update("UPDATE " + sc.table() + " SET " + sc.column() + " = ? WHERE id = ?",
                                encrypt(plain, ctx), row[0]);
                    } finally {
                        java.util.Arrays.fill(plain, (byte) 0);
                    }
                    count++;
                }
            }
            return count;
        });
        retireAllExcept(target);
        return rewritten;
    }

    private synchronized void retireAllExcept(String keep) {
        List<String> old = new ArrayList<>(keys.keySet());
        old.remove(keep);
        if (old.isEmpty()) {
            return;
        }
        Map<String, byte[]> removed = new LinkedHashMap<>();
        old.forEach(id -> removed.put(id, keys.remove(id)));
        try {
            save(false);
        } catch (IOException e) {
            keys.putAll(removed);
            throw new UncheckedIOException("cannot write master key file " + keyFile, e);
        }
        LOG.info("retired master keys {}", old);
    }

    private void save(boolean createOnly) throws IOException {
        if (keyFile == null) {
            return;
        }
        Path dir = keyFile.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        StringBuilder text = new StringBuilder("# m2m-dm master keys for secrets in the database. Keep private; back up with the database.\n");
        text.append("current=").append(currentKeyId).append('\n');
        keys.forEach((id, k) -> text.append("key.").append(id).append('=').append(Base64.getEncoder().encodeToString(k)).append('\n'));
        Path tmp = dir.resolve(keyFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        if (createOnly && Files.exists(keyFile)) {
            Files.delete(tmp);
            throw new FileAlreadyExistsException(keyFile.toString());
        }
        try {
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, keyFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static SecretCipher parse(Path keyFile, List<String> lines, SecureRandom random) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String current = null;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("master key file " + keyFile + " line " + lineNo + ": expected name=value");
            }
            String name = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (name.equals("current")) {
                current = value;
            } else if (name.startsWith("key.")) {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("master key file " + keyFile + " line " + lineNo + ": key is not base64");
                }
                if (key.length != KEY_BYTES) {
                    throw new IllegalStateException("master key file " + keyFile + " line " + lineNo + ": key must be 32 bytes");
                }
                keys.put(name.substring(4), key);
            } else {
                throw new IllegalStateException("master key file " + keyFile + " line " + lineNo + ": unknown entry " + name);
            }
        }
        if (current == null || !keys.containsKey(current)) {
            throw new IllegalStateException("master key file " + keyFile + " names no current key or its key is missing");
        }
        return new SecretCipher(keyFile, keys, current, random);
    }

    private static void checkKey(String id, byte[] key) {
        if (id == null || id.isEmpty() || id.contains(":")) {
            throw new IllegalArgumentException("key id must be non-empty and contain no ':'");
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key " + id + " must be 32 bytes (AES-256)");
        }
    }

    private static byte[] aad(String keyId, String context) {
        return (AAD_PREFIX + keyId + "|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    LOG.warn("master key file {} is readable by group/others; it should be mode 0600", file);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot check permissions of {}", file);
        }
    }
}
