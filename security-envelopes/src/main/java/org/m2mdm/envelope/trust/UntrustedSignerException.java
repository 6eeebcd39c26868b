package org.m2mdm.envelope.trust;

/** A signer's certificate chain does not satisfy the trust policy. Messages never contain key material. */
public class UntrustedSignerException extends Exception {

    public UntrustedSignerException(String message) {
        super(message);
    }

    public UntrustedSignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
