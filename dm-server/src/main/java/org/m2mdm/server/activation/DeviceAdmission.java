package org.m2mdm.server.activation;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;

/**
 * Decides whether a device certificate that already chains to a manufacturer CA may use the AAS: its CN names a
 * device of the inventory, the device is not revoked or suspended, the certificate's serial is not on the revocation
 * list, and, if the inventory holds the device's certificate, it is exactly that certificate.
 */
public final class DeviceAdmission {
    private final DeviceStore devices;
    private final Set<BigInteger> revokedSerials;

    /** The outcome; {@code reason} says why a device was refused (never contains key material). */
    public record Decision(boolean admitted, String endpoint, String reason, Device device) {
        static Decision refuse(String endpoint, String reason) {
            return new Decision(false, endpoint, reason, null);
        }
    }

    public DeviceAdmission(DeviceStore devices, Set<BigInteger> revokedSerials) {
        this.devices = Objects.requireNonNull(devices);
        this.revokedSerials = Set.copyOf(revokedSerials);
    }

    public Decision check(X509Certificate certificate) {
        String endpoint;
        try {
            endpoint = DeviceIdentity.endpointOf(certificate);
        } catch (RuntimeException e) {
            return Decision.refuse(null, "certificate has no usable common name");
        }
        if (revokedSerials.contains(certificate.getSerialNumber())) {
            return Decision.refuse(endpoint, "certificate serial " + certificate.getSerialNumber().toString(16)
                    + " is revoked");
        }
        Optional<Device> found = devices.locate(endpoint);
        if (found.isEmpty()) {
            return Decision.refuse(endpoint, "unknown device " + endpoint);
        }
        Device d = found.get();
        if (d.state() == DeviceState.REVOKED || d.state() == DeviceState.SUSPENDED) {
            return Decision.refuse(endpoint, "device " + endpoint + " is " + d.state());
        }
        if (d.certificatePem() != null && !d.certificatePem().isBlank() && !matches(d.certificatePem(), certificate)) {
            return Decision.refuse(endpoint, "certificate of " + endpoint + " differs from the registered one");
        }
        return new Decision(true, endpoint, "admitted", d);
    }

    private static boolean matches(String pem, X509Certificate presented) {
        try {
            List<X509Certificate> stored = Pem.decodeCertificates(pem);
            byte[] der = presented.getEncoded();
            return !stored.isEmpty() && java.util.Arrays.equals(stored.get(0).getEncoded(), der);
        } catch (CertificateEncodingException | RuntimeException e) {
            return false;
        }
    }
}
