package org.m2mdm.client;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.usim.synthetic.Ku;

/**
 * What a terminal is given at manufacture: endpoint name, device key and certificate, the AAS (URI,
 * host may be a DNS name of the attached network; empty when the AAS is only learnt from an OTA SMS
 * trigger) with its DTLS certificate, the default trust policy, and optionally Ku for synthetic credentials. {@link #toString()} prints no key material.
 */
public record TerminalIdentity(String endpoint, PrivateKey deviceKey, List<X509Certificate> deviceCertificateChain,
        String aasAddress, Optional<X509Certificate> aasCertificate, Optional<Ku> ku, TrustPolicy manufacturePolicy,
        String manufacturer, String model, String serialNumber) {

    public TerminalIdentity {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(aasAddress, "aasAddress");
        Objects.requireNonNull(aasCertificate, "aasCertificate");
        Objects.requireNonNull(ku, "ku");
        Objects.requireNonNull(manufacturePolicy, "manufacturePolicy");
        deviceCertificateChain = List.copyOf(deviceCertificateChain);
        if (deviceCertificateChain.isEmpty()) {
            throw new IllegalArgumentException("a device certificate is required");
        }
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank");
        }
        manufacturer = manufacturer == null ? "m2m-dm" : manufacturer;
        model = model == null ? "simulated terminal" : model;
        serialNumber = serialNumber == null ? endpoint : serialNumber;
    }

    public X509Certificate deviceCertificate() {
        return deviceCertificateChain.get(0);
    }

    @Override
    public String toString() {
        return "TerminalIdentity[endpoint=" + endpoint + ", aas=" + aasAddress + ", synthetic=" + ku.isPresent()
                + ", deviceKey=[redacted]]";
    }
}
