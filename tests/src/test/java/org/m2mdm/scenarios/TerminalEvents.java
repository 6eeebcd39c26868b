package org.m2mdm.scenarios;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.m2mdm.client.TerminalListener;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.usim.Iccid;

/** What a terminal reported, as short lines ("bootstrapped", "envelope usim-profile", "committed <iccid>", ...). */
final class TerminalEvents implements TerminalListener {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean contains(String line) {
        return lines.contains(line);
    }

    boolean anyStartsWith(String prefix) {
        return lines.stream().anyMatch(l -> l.startsWith(prefix));
    }

    @Override
    public void bootstrapped() {
        lines.add("bootstrapped");
    }

    @Override
    public void registered(String serverUri, String registrationId) {
        lines.add("registered " + URI.create(serverUri).getPort());
    }

    @Override
    public void envelopeAccepted(PayloadType type, long sequence) {
        lines.add("envelope " + type.label());
    }

    @Override
    public void envelopeRejected(PayloadType expected, Reason reason, String message) {
        lines.add("rejected " + expected.label() + " " + reason);
    }

    @Override
    public void switchCommitted(Iccid profile) {
        lines.add("committed " + profile.digits());
    }

    @Override
    public void switchRolledBack(Iccid target, Iccid active, String reason) {
        lines.add("rolled back " + target.digits() + " to " + active.digits());
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}
