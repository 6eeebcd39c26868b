package org.m2mdm.server.api;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.KuFormatException;

/** Field checks shared by the routes; each failure is a 400 with a specific code naming the field. */
final class Validation {
    private static final Pattern ENDPOINT = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Validation() {
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("missing_field", "field '" + field + "' is required");
        }
        return value.trim();
    }

    static String endpoint(String value) {
        String v = required(value, "endpoint");
        if (!ENDPOINT.matcher(v).matches()) {
            throw ApiException.badRequest("invalid_endpoint",
                    "endpoint must be 1-128 printable characters without spaces");
        }
        return v;
    }

    static Set<String> labels(Collection<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        for (String l : values) {
            String v = l == null ? "" : l.trim();
            if (!LABEL.matcher(v).matches()) {
                throw ApiException.badRequest("invalid_label", "label '" + ApiRequest.abbreviate(v)
                        + "' must be 1-64 of A-Z a-z 0-9 . _ : -");
            }
            out.add(v);
        }
        return out;
    }

    static String label(String value) {
        return labels(Set.of(required(value, "label"))).iterator().next();
    }

    /** Checks that the text is one or more PEM X.509 certificates; returns it trimmed. */
    static String certificatePem(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            Collection<?> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new CertificateException("empty");
            }
        } catch (CertificateException e) {
            throw ApiException.badRequest("invalid_certificate", "certificatePem is not a PEM X.509 certificate");
        }
        return pem.trim();
    }

    /** Parses a Ku as printed on the label; a typo (check character) is a 400 "ku_typo". */
    static Ku ku(String printed) {
        try {
            return Ku.parse(required(printed, "ku"));
        } catch (KuFormatException e) {
            // the exception message says which group is wrong and never echoes the Ku
            throw ApiException.badRequest("ku_typo", e.getMessage());
        }
    }

    static String kuFingerprint(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            return null;
        }
        String v = fingerprint.trim().toLowerCase();
        if (!HEX64.matcher(v).matches()) {
            throw ApiException.badRequest("invalid_ku_fingerprint", "kuFingerprint must be 64 hex digits (SHA-256)");
        }
        return v;
    }
}
