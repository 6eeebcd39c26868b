package org.m2mdm.client.objects;

import org.m2mdm.envelope.trust.TrustPolicy;

/**
 * Durable state of Application Activation (32770): AAS address, the trust policy in force and who
 * set it. {@link FileActivationStore} is the embedded implementation.
 */
public interface ActivationStore {
    String aasAddress();

    void setAasAddress(String address);

    TrustPolicy policy();

    /** "manufacture" or "aas". */
    String policySource();

    /** Installs a policy written by the AAS. */
    void setAasPolicy(TrustPolicy policy);

    int activationState();

    void setActivationState(int state);
}
