package org.m2mdm.server.activation;

import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.m2mdm.envelope.trust.TrustPolicy;

/**
 * What the AAS writes to one device in one bootstrap session: the Security/Server objects ({@code config}) and the
 * Application Activation object (AAS address and trust policy).
 */
public record ActivationPlan(String endpoint, String tenantId, String deviceId, BootstrapConfig config,
        String aasAddress, TrustPolicy trustPolicy) {
}
