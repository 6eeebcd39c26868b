package org.m2mdm.server.lwm2m;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceStore;

/**
 * The certificate an envelope for a registered device is sealed for: the first one of the device's stored chain.
 * Both envelope-writing server roles look it up the same way, so they refuse a device without one the same way.
 */
public final class DeviceCertificates {
    private DeviceCertificates() {
    }

    /** The device's certificate, or empty if the endpoint is unknown or has no certificate on record. */
    public static Optional<X509Certificate> forSealing(DeviceStore devices, String endpoint) {
        Device device = devices.locate(endpoint).orElse(null);
        if (device == null || device.certificatePem() == null || device.certificatePem().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Pem.decodeCertificates(device.certificatePem()).get(0));
    }

    /** Why nothing can be sealed for {@code endpoint} when {@link #forSealing} is empty. */
    public static String missing(String endpoint) {
        return "no device certificate on record for " + endpoint + ": cannot seal for it";
    }
}
