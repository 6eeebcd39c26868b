package org.m2mdm.server.store;

/** A stored secret could not be decrypted (unknown key, tampered, or bound to another row). */
public class SecretDecryptionException extends StoreException {
    private static final long serialVersionUID = 1L;

    public SecretDecryptionException(String message) {
        super(message);
    }
}
