package org.m2mdm.usim;

/** The authentication algorithm set of a USIM. */
public enum Algorithm {
    /** 3GPP TS 35.206 Milenage on AES-128. */
    MILENAGE
}
