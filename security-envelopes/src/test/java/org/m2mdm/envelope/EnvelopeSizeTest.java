package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.envelope.TestPki.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.pki.ServerIdentity;

import com.upokecenter.cbor.CBORObject;

/** Measures an envelope carrying 200 bytes (the figure quoted in the README) and bounds it. */
class EnvelopeSizeTest {

    private static final byte[] PAYLOAD = new byte[200];

    private static int measure(String label, ServerIdentity server, org.m2mdm.envelope.pki.DeviceIdentity device) {
        byte[] envelope = sealer(server).seal(PAYLOAD, PayloadType.USIM_PROFILE, device.certificate(), 1,
                Duration.ofDays(1));
        byte[] protectedBytes = Forge.protectedBytes(envelope);
        byte[] inner = Forge.payload(envelope);
        CBORObject encrypt = Forge.inner(envelope);
        int certificates = 0;
        for (var certificate : server.certificateChain()) {
            try {
                certificates += certificate.getEncoded().length;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        System.out.printf("envelope %s, 200-byte payload: %d bytes total; outer protected header %d (x5chain "
                + "certificates %d); inner COSE_Encrypt %d (ciphertext+tag %d, recipient %d); signature %d%n",
                label, envelope.length, protectedBytes.length, certificates, inner.length,
                encrypt.get(2).GetByteString().length, encrypt.get(3).EncodeToBytes().length,
                Forge.signature(envelope).length);
        return envelope.length;
    }

    @Test
    void envelopeWithA200BytePayloadStaysSmall() {
        int twoCertificates = measure("ES256, 2-certificate chain", USIM_SERVER, DEVICE_A);
        int oneCertificate = measure("ES256, 1-certificate chain", APP_SERVER, DEVICE_A);
        int ed25519 = measure("EdDSA/X25519, 2-certificate chain", ED_USIM_SERVER, ED_DEVICE);
        assertThat(twoCertificates).isBetween(1000, 1700);
        assertThat(oneCertificate).isBetween(700, 1200);
        assertThat(ed25519).isLessThan(twoCertificates);
        // Without the certificates: 200 + 16 (tag) + framing, ephemeral key, claims, signature.
        int overheadWithoutChain = oneCertificate - certificateSize(APP_SERVER) - PAYLOAD.length;
        System.out.println("overhead excluding payload and x5chain certificates: " + overheadWithoutChain + " bytes");
        assertThat(overheadWithoutChain).isLessThan(400);
    }

    private static int certificateSize(ServerIdentity server) {
        try {
            return server.certificate().getEncoded().length;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
