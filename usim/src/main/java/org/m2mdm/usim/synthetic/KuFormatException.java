package org.m2mdm.usim.synthetic;

/** A Ku label that cannot be read: wrong length, a bad character, or a failed check character (a typo). */
public class KuFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KuFormatException(String message) {
        super(message);
    }
}
