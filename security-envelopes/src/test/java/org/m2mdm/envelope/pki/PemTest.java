package org.m2mdm.envelope.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path directory;

    @Test
    void certificatesRoundTripInOrder() {
        String pem = Pem.encodeCertificates(USIM_SERVER.certificateChain());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.decodeCertificates(pem)).isEqualTo(USIM_SERVER.certificateChain());
    }

    @Test
    void privateKeysAreStoredEncryptedAndRoundTripForEveryKeyType() {
        for (PrivateKey key : List.of(DEVICE_A.keyPair().getPrivate(), ED_DEVICE.keyPair().getPrivate(),
                ED_USIM_SERVER.keyPair().getPrivate())) {
            String pem = Pem.encodePrivateKey(key, PASSPHRASE);
            assertThat(pem).contains("BEGIN ENCRYPTED PRIVATE KEY").doesNotContain("BEGIN PRIVATE KEY");
            PrivateKey decoded = Pem.decodePrivateKey(pem, PASSPHRASE);
            assertThat(decoded.getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void wrongPassphraseIsAClearErrorThatEchoesNothing() {
        String pem = Pem.encodePrivateKey(DEVICE_A.keyPair().getPrivate(), PASSPHRASE);
        assertThatThrownBy(() -> Pem.decodePrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wrong passphrase or corrupt private key");
        assertThatThrownBy(() -> Pem.encodePrivateKey(DEVICE_A.keyPair().getPrivate(), new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.decodeCertificates(pem)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyFilesAreWrittenOwnerOnly() throws Exception {
        Path file = directory.resolve("keys/device.key.pem");
        Pem.writePrivateKey(file, DEVICE_A.keyPair().getPrivate(), PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Pem.readPrivateKey(file, PASSPHRASE).getEncoded()).isEqualTo(DEVICE_A.keyPair().getPrivate().getEncoded());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void deviceAndServerIdentitiesSaveAndLoad() throws Exception {
        DEVICE_A.save(directory.resolve("device.pem"), directory.resolve("device.key"), PASSPHRASE);
        DeviceIdentity device = DeviceIdentity.load(directory.resolve("device.pem"), directory.resolve("device.key"), PASSPHRASE);
        assertThat(device.endpoint()).isEqualTo(DEVICE_A.endpoint());
        assertThat(device.certificateChain()).isEqualTo(DEVICE_A.certificateChain());
        assertThat(device.keyPair().getPrivate().getEncoded()).isEqualTo(DEVICE_A.keyPair().getPrivate().getEncoded());

        USIM_SERVER.save(directory.resolve("server.pem"), directory.resolve("server.key"), PASSPHRASE);
        ServerIdentity server = ServerIdentity.load(directory.resolve("server.pem"), directory.resolve("server.key"), PASSPHRASE);
        assertThat(server.name()).isEqualTo(USIM_SERVER.name());
        assertThat(server.roles()).isEqualTo(USIM_SERVER.roles());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("server.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void certificateAuthoritySavesAndLoadsAndKeepsIssuing() throws Exception {
        Path chain = directory.resolve("manufacturer.pem");
        Path key = directory.resolve("manufacturer.key.pem");
        MANUFACTURER.save(chain, key, PASSPHRASE);

        CertificateAuthority loaded = CertificateAuthority.load(chain, key, PASSPHRASE);
        DeviceIdentity device = loaded.issueDevice("urn:imei:111111111111119");

        assertThat(loaded.chain()).isEqualTo(MANUFACTURER.chain());
        device.certificate().verify(MANUFACTURER.certificate().getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(device.certificate().getNotAfter()).isBeforeOrEqualTo(MANUFACTURER.certificate().getNotAfter());
        assertThat(Duration.between(device.certificate().getNotBefore().toInstant(),
                device.certificate().getNotAfter().toInstant())).isPositive();
    }
}
