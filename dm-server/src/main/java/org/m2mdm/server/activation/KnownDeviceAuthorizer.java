package org.m2mdm.server.activation;

import java.util.Map;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.BootstrapAuthorizer;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;

/**
 * Lets a Bootstrap-Request through only over DTLS with an X.509 device certificate whose CN is the endpoint name
 * asked for, for a device that is in the inventory and not revoked or suspended. (The certificate chain and the
 * revocation list are checked earlier, in the DTLS handshake.)
 */
final class KnownDeviceAuthorizer implements BootstrapAuthorizer {
    private final DeviceStore devices;

    KnownDeviceAuthorizer(DeviceStore devices) {
        this.devices = devices;
    }

    @Override
    public Authorization isAuthorized(BootstrapRequest request, LwM2mPeer client) {
        if (!(client.getIdentity() instanceof X509Identity x509)) {
            return Authorization.declined();
        }
        String endpoint = request.getEndpointName();
        if (endpoint == null || !endpoint.equals(x509.getX509CommonName())) {
            return Authorization.declined();
        }
        Device d = devices.locate(endpoint).orElse(null);
        if (d == null || d.state() == DeviceState.REVOKED || d.state() == DeviceState.SUSPENDED) {
            return Authorization.declined();
        }
        return Authorization.approved(Map.of("deviceId", d.id(), "tenantId", d.tenantId()));
    }
}
