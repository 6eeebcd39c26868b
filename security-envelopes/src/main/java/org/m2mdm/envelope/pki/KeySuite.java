package org.m2mdm.envelope.pki;

/**
 * The two envelope suites. P-256: one device key serves DTLS client authentication and ECDH-ES, servers
 * sign with ES256. Ed25519: servers sign with EdDSA, and since an Ed25519 key cannot do key agreement the
 * device has a separate X25519 key, certified for key agreement only.
 */
public enum KeySuite {
    P256,
    ED25519
}
