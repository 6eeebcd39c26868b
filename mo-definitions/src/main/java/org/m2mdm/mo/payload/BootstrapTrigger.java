package org.m2mdm.mo.payload;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The OTA SMS an AAS sends to make a terminal bootstrap now (TR 33.812 scenario 2), optionally with
 * the AAS address to use. Text, so it fits one SMS and reads well in logs:
 * <pre>
 * M2MDM BOOTSTRAP                       bootstrap with the AAS the terminal knows
 * M2MDM BOOTSTRAP aas=coaps://host:port bootstrap with this AAS address
 * </pre>
 * The SMS is not authenticated: the terminal still pins the AAS's DTLS certificate, so a forged
 * trigger can at most cause a bootstrap attempt.
 */
public record BootstrapTrigger(Optional<String> aasAddress) {
    static final String PREFIX = "M2MDM BOOTSTRAP";
    private static final int MAX_LENGTH = 160;

    public BootstrapTrigger {
        aasAddress = aasAddress == null ? Optional.empty() : aasAddress;
        aasAddress.ifPresent(BootstrapTrigger::checkUri);
    }

    public static BootstrapTrigger now() {
        return new BootstrapTrigger(Optional.empty());
    }

    public static BootstrapTrigger to(String aasAddress) {
        return new BootstrapTrigger(Optional.of(aasAddress));
    }

    public byte[] encode() {
        return (PREFIX + aasAddress.map(a -> " aas=" + a).orElse("")).getBytes(StandardCharsets.US_ASCII);
    }

    /** @throws PayloadFormatException if the SMS is not a bootstrap trigger */
    public static BootstrapTrigger decode(byte[] sms) {
        if (sms == null || sms.length == 0 || sms.length > MAX_LENGTH) {
            throw new PayloadFormatException("bootstrap trigger must be 1-" + MAX_LENGTH + " bytes");
        }
        String text = new String(sms, StandardCharsets.US_ASCII).trim();
        if (!text.startsWith(PREFIX)) {
            throw new PayloadFormatException("not a bootstrap trigger (expected '" + PREFIX + "')");
        }
        String rest = text.substring(PREFIX.length()).trim();
        if (rest.isEmpty()) {
            return now();
        }
        if (!rest.startsWith("aas=") || rest.contains(" ")) {
            throw new PayloadFormatException("bootstrap trigger accepts only 'aas=<uri>'");
        }
        return to(rest.substring(4));
    }

    private static void checkUri(String a) {
        try {
            URI u = new URI(a);
            if (!("coaps".equals(u.getScheme()) || "coap".equals(u.getScheme())) || u.getHost() == null) {
                throw new PayloadFormatException("AAS address must be coap(s)://host[:port]");
            }
        } catch (URISyntaxException e) {
            throw new PayloadFormatException("AAS address is not a valid URI");
        }
    }
}
