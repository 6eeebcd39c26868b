package org.m2mdm.server.activation;

import java.net.InetSocketAddress;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;

import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AAS's DTLS client-certificate check: the chain must lead to a manufacturer CA (Scandium's PKIX validation) and
 * the device must then pass {@link DeviceAdmission}; otherwise the handshake ends with a fatal alert.
 */
final class DeviceCertificateVerifier extends StaticNewAdvancedCertificateVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCertificateVerifier.class);

    private final DeviceAdmission admission;
    private final AuditLog audit;

    DeviceCertificateVerifier(List<X509Certificate> manufacturerCas, DeviceAdmission admission, AuditLog audit) {
        super(manufacturerCas.toArray(X509Certificate[]::new), null, List.of(CertificateType.X_509));
        this.admission = admission;
        this.audit = audit;
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
            InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
            CertificateMessage message) {
        CertificateVerificationResult chain = super.verifyCertificate(cid, serverName, remotePeer, clientUsage,
                verifySubject, truncateCertificatePath, message);
        if (chain.getException() != null) {
            refused(remotePeer, null, "certificate does not chain to a manufacturer CA: "
                    + chain.getException().getMessage());
            return chain;
        }
        CertPath path = message.getCertificateChain();
        if (path == null || path.getCertificates().isEmpty()) {
            return chain;
        }
        X509Certificate leaf = (X509Certificate) path.getCertificates().get(0);
        DeviceAdmission.Decision d;
        try {
            d = admission.check(leaf);
        } catch (RuntimeException e) {
            LOG.warn("device admission check failed", e);
            d = new DeviceAdmission.Decision(false, null, "admission check failed: " + e.getMessage(), null);
        }
        if (!d.admitted()) {
            refused(remotePeer, d.endpoint(), d.reason());
            AlertDescription alert = d.reason().contains("revoked") ? AlertDescription.CERTIFICATE_REVOKED
                    : AlertDescription.ACCESS_DENIED;
            return new CertificateVerificationResult(cid,
                    new HandshakeException(d.reason(), new AlertMessage(AlertLevel.FATAL, alert)), null);
        }
        return chain;
    }

    private void refused(InetSocketAddress peer, String endpoint, String reason) {
        LOG.info("AAS refused device {} from {}: {}", endpoint, peer, reason);
        try {
            audit.record(new AuditEvent("aas", null, "aas.handshake", endpoint == null ? String.valueOf(peer) : endpoint,
                    "REJECTED", reason, java.time.Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("audit failed: {}", e.toString());
        }
    }
}
