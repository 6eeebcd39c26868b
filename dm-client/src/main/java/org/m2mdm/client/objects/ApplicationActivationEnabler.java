package org.m2mdm.client.objects;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.Fingerprints;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.mo.ApplicationActivationResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application Activation (32770/0): AAS address and the trust policy for envelopes. The bootstrap
 * server (the AAS) writes the policy directly (encoded TrustPolicy or a PEM bundle of roots); any other
 * server must send it as a trust-policy envelope accepted under the policy in force.
 */
public final class ApplicationActivationEnabler extends BaseInstanceEnabler {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationActivationEnabler.class);

    private final ActivationStore store;
    private final EnvelopeGate gate;

    public ApplicationActivationEnabler(ObjectModel model, ActivationStore store, EnvelopeGate gate) {
        super(0);
        setModel(model);
        this.store = store;
        this.gate = gate;
    }

    /** Moves the activation state (bootstrap started / finished / failed) and notifies observers. */
    public void setActivationState(int state) {
        store.setActivationState(state);
        fireResourceChange(ApplicationActivationResources.ACTIVATION_STATE);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        TrustPolicy policy = store.policy();
        return switch (resourceId) {
        case ApplicationActivationResources.AAS_ADDRESS -> ReadResponse.success(resourceId, store.aasAddress());
        case ApplicationActivationResources.TRUST_ANCHORS -> ReadResponse.success(resourceId, policy.encode());
        case ApplicationActivationResources.ACCEPTED_ROLES -> ReadResponse.success(resourceId, roles(policy), Type.STRING);
        case ApplicationActivationResources.ACTIVATION_STATE -> ReadResponse.success(resourceId, (long) store.activationState());
        case ApplicationActivationResources.TRUST_ANCHOR_FINGERPRINTS -> ReadResponse.success(resourceId,
                fingerprints(policy.anchors()), Type.STRING);
        case ApplicationActivationResources.POLICY_SOURCE -> ReadResponse.success(resourceId, store.policySource());
        default -> ReadResponse.notFound();
        };
    }

    private static Map<Integer, String> roles(TrustPolicy policy) {
        Map<Integer, String> m = new HashMap<>();
        int i = 0;
        for (Map.Entry<SignerRole, Set<PayloadType>> e : policy.rules().entrySet()) {
            m.put(i++, e.getKey().name() + "=" + e.getValue().stream().map(PayloadType::label).sorted()
                    .collect(Collectors.joining(",")));
        }
        return m;
    }

    private static Map<Integer, String> fingerprints(List<X509Certificate> anchors) {
        Map<Integer, String> m = new HashMap<>();
        for (int i = 0; i < anchors.size(); i++) {
            try {
                m.put(i, java.util.HexFormat.of().formatHex(Fingerprints.sha256(anchors.get(i).getEncoded())));
            } catch (CertificateEncodingException e) {
                m.put(i, "unencodable");
            }
        }
        return m;
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == ApplicationActivationResources.AAS_ADDRESS) {
            if (!(value.getValue() instanceof String s) || s.isBlank()) {
                return WriteResponse.badRequest("AAS Address must be a URI or DNS name");
            }
            if (!server.isSystem() && !server.isLwm2mBootstrapServer()) {
                return WriteResponse.unauthorized();
            }
            store.setAasAddress(s.trim());
            fireResourceChange(resourceId);
            return WriteResponse.success();
        }
        if (resourceId != ApplicationActivationResources.TRUST_ANCHORS) {
            return WriteResponse.methodNotAllowed();
        }
        if (!(value.getValue() instanceof byte[] bytes) || bytes.length == 0) {
            return WriteResponse.badRequest("Trust Anchors must be a non-empty opaque value");
        }
        TrustPolicy policy;
        if (server.isSystem() || server.isLwm2mBootstrapServer()) {
            try {
                policy = parse(bytes);
            } catch (IllegalArgumentException e) {
                LOG.warn("trust policy from the AAS refused: {}", e.getMessage());
                return WriteResponse.badRequest("not an encoded TrustPolicy or PEM certificates: " + e.getMessage());
            }
        } else {
            try {
                policy = TrustPolicy.decode(gate.open(bytes, PayloadType.TRUST_POLICY).payload());
            } catch (EnvelopeRejectedException e) {
                return new WriteResponse(Rejections.coapCode(e.reason()), e.reason().name());
            } catch (IllegalArgumentException e) {
                gate.payloadRefused(PayloadType.TRUST_POLICY, e.getMessage());
                return WriteResponse.badRequest("trust-policy payload: " + e.getMessage());
            }
        }
        store.setAasPolicy(policy);
        LOG.info("trust policy installed by {}: {} anchor(s), rules {}", server.isLwm2mBootstrapServer() ? "the AAS" : server.getUri(),
                policy.anchors().size(), policy.rules().keySet());
        fireResourcesChange(getResourcePath(ApplicationActivationResources.ACCEPTED_ROLES),
                getResourcePath(ApplicationActivationResources.ACTIVATION_STATE),
                getResourcePath(ApplicationActivationResources.POLICY_SOURCE));
        return WriteResponse.success();
    }

    /** An encoded TrustPolicy, or PEM roots turned into {@link TrustPolicy#standard}. */
    static TrustPolicy parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return TrustPolicy.standard(Pem.decodeCertificates(text));
        }
        return TrustPolicy.decode(bytes);
    }

    @Override
    public void reset(int resourceId) {
        // A bootstrap "replace" write must not wipe the policy: absent resources keep their value.
    }
}
