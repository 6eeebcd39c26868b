package org.m2mdm.envelope.trust;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.cose.CoseException;
import org.m2mdm.envelope.cose.CoseStructures;
import org.m2mdm.envelope.cose.StrictCbor;
import org.m2mdm.envelope.pki.Fingerprints;

import com.upokecenter.cbor.CBORObject;

/**
 * Whom a terminal trusts to send what: trust anchors (provisioning roots) and, per signer role, the payload
 * types that role may send. A signer is trusted when its certificate chain validates to an anchor with the
 * JDK's PKIX {@link CertPathValidator} (validity and path length at the opener's clock; revocation only if
 * CRLs are given) and the role it needs is in its certificate's extended key usage. So a server the terminal
 * has never seen (the operator-change case) is accepted exactly when it chains to an anchor and carries
 * {@link SignerRole#USIM_MANAGEMENT}; any other unknown server is not.
 *
 * <p>Validated chains are cached by the hash of their certificate bytes, so steady-state envelopes cost no
 * chain validation; a cached chain is still re-checked against the clock. Thread-safe and immutable apart
 * from that cache.
 */
public final class TrustPolicy {

    /** Longest certificate chain accepted in an envelope (signer plus intermediates). */
    public static final int MAX_CHAIN_LENGTH = 4;

    private static final int VERSION = 1;
    private static final int CACHE_LIMIT = 256;
    private static final String KEY_USAGE_ANY = "2.5.29.37.0";

    private final List<X509Certificate> anchors;
    private final Map<SignerRole, Set<PayloadType>> rules;
    private final List<X509CRL> crls;
    private final Set<TrustAnchor> trustAnchors;
    private final Set<X509Certificate> anchorSet;
    private final Map<String, ValidatedSigner> cache = new ConcurrentHashMap<>();

    private TrustPolicy(List<X509Certificate> anchors, Map<SignerRole, Set<PayloadType>> rules, List<X509CRL> crls) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("a trust policy needs at least one anchor");
        }
        this.anchors = List.copyOf(anchors);
        EnumMap<SignerRole, Set<PayloadType>> copy = new EnumMap<>(SignerRole.class);
        rules.forEach((role, types) -> {
            if (!types.isEmpty()) {
                copy.put(role, Collections.unmodifiableSet(EnumSet.copyOf(types)));
            }
        });
        this.rules = Collections.unmodifiableMap(copy);
        this.crls = List.copyOf(crls);
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate anchor : this.anchors) {
            trust.add(new TrustAnchor(anchor, null));
        }
        this.trustAnchors = Collections.unmodifiableSet(trust);
        this.anchorSet = Set.copyOf(this.anchors);
    }

    /** A builder starting with no anchors and no rules. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The project's standard rules: USIM_MANAGEMENT → usim-profile, APPLICATION_MANAGEMENT → app-params,
     * ACTIVATION → trust-policy, SOFTWARE_PUBLISHER → software.
     */
    public static TrustPolicy standard(List<X509Certificate> anchors) {
        return builder().anchors(anchors)
                .allow(SignerRole.USIM_MANAGEMENT, PayloadType.USIM_PROFILE)
                .allow(SignerRole.APPLICATION_MANAGEMENT, PayloadType.APP_PARAMS)
                .allow(SignerRole.ACTIVATION, PayloadType.TRUST_POLICY)
                .allow(SignerRole.SOFTWARE_PUBLISHER, PayloadType.SOFTWARE)
                .build();
    }

    /** The trust anchors. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /** Which payload types each role may send. */
    public Map<SignerRole, Set<PayloadType>> rules() {
        return rules;
    }

    /** CRLs checked during chain validation (empty: no revocation checking). */
    public List<X509CRL> crls() {
        return crls;
    }

    /** Whether a signer holding {@code roles} may send {@code type}. */
    public boolean allows(Set<SignerRole> roles, PayloadType type) {
        for (SignerRole role : roles) {
            Set<PayloadType> allowed = rules.get(role);
            if (allowed != null && allowed.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Validates a signer chain (DER certificates, signer first, optionally ending with an anchor) at
     * {@code at}. The result is cached; a cached result is only returned while the chain is still valid.
     */
    public ValidatedSigner validate(List<byte[]> encodedChain, Instant at) throws UntrustedSignerException {
        if (encodedChain.isEmpty() || encodedChain.size() > MAX_CHAIN_LENGTH) {
            throw new UntrustedSignerException("certificate chain must hold 1 to " + MAX_CHAIN_LENGTH + " certificates");
        }
        String cacheKey = cacheKey(encodedChain);
        ValidatedSigner cached = cache.get(cacheKey);
        if (cached != null && cached.validAt(at)) {
            return cached;
        }
        ValidatedSigner validated = validateUncached(encodedChain, at);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(cacheKey, validated);
        return validated;
    }

    private ValidatedSigner validateUncached(List<byte[]> encodedChain, Instant at) throws UntrustedSignerException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] encoded : encodedChain) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded)));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new UntrustedSignerException("signer certificate chain does not parse");
        }
        X509Certificate signer = chain.get(0);
        if (anchorSet.contains(signer)) {
            throw new UntrustedSignerException("a trust anchor may not sign envelopes itself");
        }
        if (signer.getBasicConstraints() >= 0) {
            throw new UntrustedSignerException("signer certificate is a CA certificate");
        }
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw new UntrustedSignerException("signer certificate does not allow digital signatures");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(anchorSet::contains);
        prescreen(path);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPath certPath = factory.generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setDate(Date.from(at));
            if (crls.isEmpty()) {
                parameters.setRevocationEnabled(false);
            } else {
                parameters.setRevocationEnabled(true);
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new UntrustedSignerException("signer chain does not validate to a trust anchor ("
                    + e.getReason() + ")");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UntrustedSignerException("signer chain cannot be validated");
        }
        Set<SignerRole> roles = effectiveRoles(chain);
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate certificate : chain) {
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        return new ValidatedSigner(signer, chain, roles, Fingerprints.keyId(signer.getPublicKey()), from, until);
    }

    /** Rejects quickly a path whose signatures do not even link up (see {@link CertificateLinks}). */
    private void prescreen(List<X509Certificate> path) throws UntrustedSignerException {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            List<X509Certificate> issuers = new ArrayList<>();
            if (i + 1 < path.size()) {
                issuers.add(path.get(i + 1));
            } else {
                issuers.addAll(anchors);
            }
            boolean linked = false;
            for (X509Certificate issuer : issuers) {
                if (issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                        && CertificateLinks.plausible(certificate, issuer.getPublicKey())) {
                    linked = true;
                    break;
                }
            }
            if (!linked) {
                throw new UntrustedSignerException("signer chain does not link up to a trust anchor");
            }
        }
    }

    /** Roles in the signer's EKU, narrowed by any intermediate CA that itself restricts its EKU. */
    private static Set<SignerRole> effectiveRoles(List<X509Certificate> chain) throws UntrustedSignerException {
        try {
            Set<SignerRole> roles = SignerRole.fromOids(chain.get(0).getExtendedKeyUsage());
            for (X509Certificate issuer : chain.subList(1, chain.size())) {
                List<String> issuerPurposes = issuer.getExtendedKeyUsage();
                if (issuerPurposes != null && !issuerPurposes.contains(KEY_USAGE_ANY)) {
                    roles.retainAll(SignerRole.fromOids(issuerPurposes));
                }
            }
            return roles;
        } catch (CertificateParsingException e) {
            throw new UntrustedSignerException("signer extended key usage does not parse");
        }
    }

    private static String cacheKey(List<byte[]> encodedChain) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] certificate : encodedChain) {
                int length = certificate.length;
                digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                        (byte) length});
                digest.update(certificate);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is mandatory", e);
        }
    }

    /**
     * CBOR for transport and storage: {1: version, 2: [anchor DER...], 3: {role name: [payload label...]},
     * 4: [CRL DER...]}.
     */
    public byte[] encode() {
        CBORObject anchorArray = CBORObject.NewArray();
        for (X509Certificate anchor : anchors) {
            try {
                anchorArray.Add(CBORObject.FromObject(anchor.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encode anchor", e);
            }
        }
        CBORObject ruleMap = CBORObject.NewOrderedMap();
        rules.forEach((role, types) -> {
            CBORObject labels = CBORObject.NewArray();
            types.forEach(type -> labels.Add(type.label()));
            ruleMap.Add(role.name(), labels);
        });
        CBORObject crlArray = CBORObject.NewArray();
        for (X509CRL crl : crls) {
            try {
                crlArray.Add(CBORObject.FromObject(crl.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encode CRL", e);
            }
        }
        return CBORObject.NewOrderedMap().Add(1, VERSION).Add(2, anchorArray).Add(3, ruleMap).Add(4, crlArray)
                .EncodeToBytes();
    }

    /** Parses {@link #encode()} output strictly; IllegalArgumentException names what is wrong. */
    public static TrustPolicy decode(byte[] encoded) {
        try {
            CBORObject root = CoseStructures.map(StrictCbor.decode(encoded), "trust policy");
            if (root.size() != 4 || CoseStructures.integer(root.get(CBORObject.FromObject(1)), "version") != VERSION) {
                throw new IllegalArgumentException("unsupported trust policy version or shape");
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Builder builder = builder();
            CBORObject anchorArray = root.get(CBORObject.FromObject(2));
            if (anchorArray == null || anchorArray.getType() != com.upokecenter.cbor.CBORType.Array) {
                throw new IllegalArgumentException("trust policy anchors must be an array");
            }
            for (CBORObject anchor : anchorArray.getValues()) {
                builder.anchor((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(CoseStructures.bytes(anchor, "anchor"))));
            }
            CBORObject ruleMap = CoseStructures.map(root.get(CBORObject.FromObject(3)), "rules");
            for (Map.Entry<CBORObject, CBORObject> entry : ruleMap.getEntries()) {
                SignerRole role = SignerRole.valueOf(CoseStructures.text(entry.getKey(), "role"));
                if (entry.getValue().getType() != com.upokecenter.cbor.CBORType.Array) {
                    throw new IllegalArgumentException("payload types must be an array");
                }
                for (CBORObject label : entry.getValue().getValues()) {
                    builder.allow(role, PayloadType.fromLabel(CoseStructures.text(label, "payload type")));
                }
            }
            CBORObject crlArray = root.get(CBORObject.FromObject(4));
            if (crlArray == null || crlArray.getType() != com.upokecenter.cbor.CBORType.Array) {
                throw new IllegalArgumentException("trust policy CRLs must be an array");
            }
            for (CBORObject crl : crlArray.getValues()) {
                builder.crl((X509CRL) factory.generateCRL(new ByteArrayInputStream(CoseStructures.bytes(crl, "crl"))));
            }
            return builder.build();
        } catch (CoseException e) {
            throw new IllegalArgumentException("malformed trust policy: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("malformed trust policy: bad certificate or CRL", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustPolicy that && anchors.equals(that.anchors) && rules.equals(that.rules)
                && crls.equals(that.crls);
    }

    @Override
    public int hashCode() {
        return anchors.hashCode() * 31 + rules.hashCode();
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        anchors.forEach(anchor -> names.add(anchor.getSubjectX500Principal().getName()));
        return "TrustPolicy[anchors=" + names + ", rules=" + rules + ", crls=" + crls.size() + "]";
    }

    /** Builds a {@link TrustPolicy}. */
    public static final class Builder {
        private final List<X509Certificate> anchors = new ArrayList<>();
        private final Map<SignerRole, Set<PayloadType>> rules = new LinkedHashMap<>();
        private final List<X509CRL> crls = new ArrayList<>();

        private Builder() {
        }

        /** Adds a trust anchor (a provisioning root). */
        public Builder anchor(X509Certificate anchor) {
            if (!anchors.contains(anchor)) {
                anchors.add(anchor);
            }
            return this;
        }

        /** Adds trust anchors. */
        public Builder anchors(Collection<X509Certificate> anchors) {
            anchors.forEach(this::anchor);
            return this;
        }

        /** Lets signers holding {@code role} send {@code types}. */
        public Builder allow(SignerRole role, PayloadType... types) {
            rules.computeIfAbsent(role, r -> EnumSet.noneOf(PayloadType.class)).addAll(Arrays.asList(types));
            return this;
        }

        /** Adds a CRL; with at least one CRL, chains are checked for revocation. */
        public Builder crl(X509CRL crl) {
            crls.add(crl);
            return this;
        }

        public TrustPolicy build() {
            return new TrustPolicy(anchors, rules, crls);
        }
    }
}
