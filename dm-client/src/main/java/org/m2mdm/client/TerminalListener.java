package org.m2mdm.client;

import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.network.Bearer;
import org.m2mdm.usim.Iccid;

/** Events of a {@link Terminal}; every method has an empty default. Called on internal threads. */
public interface TerminalListener {
    default void stateChanged(TerminalState state) {
    }

    default void attached(Bearer bearer, Iccid profile) {
    }

    default void bootstrapped() {
    }

    default void registered(String serverUri, String registrationId) {
    }

    default void envelopeAccepted(PayloadType type, long sequence) {
    }

    default void envelopeRejected(PayloadType expected, Reason reason, String message) {
    }

    default void switchCommitted(Iccid profile) {
    }

    default void switchRolledBack(Iccid target, Iccid active, String reason) {
    }
}
