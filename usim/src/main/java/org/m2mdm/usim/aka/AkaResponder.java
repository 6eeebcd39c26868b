package org.m2mdm.usim.aka;

/** What a terminal's USIM offers the network: an answer to the challenge (RAND, AUTN). */
public interface AkaResponder {
    /**
     * @param rand the 16-byte RAND
     * @param autn the 16-byte AUTN
     * @throws IllegalArgumentException if RAND or AUTN has the wrong length
     */
    AkaResponse respond(byte[] rand, byte[] autn);
}
