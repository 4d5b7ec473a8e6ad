package dev.salle.provisioning.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.salle.provisioning.qr.QrRejectedException.Reason;
import java.net.URI;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The enrolment QR payload: signing, the device's strict reading, and the published test vector. */
class EnrolmentQrTest {

    // the test vector of docs/provisioning.md: a key pair published for tests only
    static final String VECTOR_PRIVATE = "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCDcKQjknAZW2SAs/82+y/4s/2o0mp4s5c9qcCcBOu3Rjw==";
    static final String VECTOR_PUBLIC = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEkyCOJRbHN1oDw7LHHIOX6pFaHw8p4yAx+IVLxX267XR0SgkOr0lfmeHBAFxQV/aN21yW0XA59TRMg/cAuBa9+w==";
    static final String VECTOR_TEXT = "SALLE1:AWtJ0gAXaHR0cHM6Ly9lbnJvbC5leGFtcGxlL2UQoKGio6SlpqeoqaqrrK2uryAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHxVQcsOpZmVjdHVyZSBkdSBSaMO0bmUOU2FsbGUgTWFyaWFubmUiaHR0cHM6Ly92aXNpby5leGFtcGxlL2FiYy1kZWZnLWhpajs_HCgmijJg4et2nwqbK1OtbHJeObiZItpJYXZ3b-kk7UHNUbtkoVwX5wKj7mlTTKiaph5YdbWLqjvGGOyn5qDLLZ4VbBNY3Q";
    static final String VECTOR_BODY_HEX = "016b49d200"
            + "17" + hex("https://enrol.example/e")
            + "10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
            + "20000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "15" + hex("Préfecture du Rhône")
            + "0e" + hex("Salle Marianne")
            + "22" + hex("https://visio.example/abc-defg-hij");

    private static final Instant EXPIRY = Instant.ofEpochSecond(1_800_000_000L);
    private static final Clock BEFORE = Clock.fixed(EXPIRY.minusSeconds(1), ZoneOffset.UTC);

    private final KeyPair org = ProvisioningKey.generate();

    static EnrolmentPayload vectorPayload() {
        byte[] code = new byte[16];
        for (int i = 0; i < 16; i++) {
            code[i] = (byte) (0xA0 + i);
        }
        byte[] pin = new byte[32];
        for (int i = 0; i < 32; i++) {
            pin[i] = (byte) i;
        }
        return new EnrolmentPayload(URI.create("https://enrol.example/e"), code, pin, "Préfecture du Rhône",
                "Salle Marianne", Optional.of("https://visio.example/abc-defg-hij"), EXPIRY);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static QrRejectedException.Reason reasonOf(PayloadVerifier v, String text) {
        return catchThrowableOfType(QrRejectedException.class, () -> v.verify(text)).reason();
    }

    @Test
    void theTestVectorEncodesByteForByteAndItsSignatureVerifies() throws Exception {
        KeyFactory ec = KeyFactory.getInstance("EC");
        PublicKey pub = ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(VECTOR_PUBLIC)));
        KeyPair pair = new KeyPair(pub, ec.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(VECTOR_PRIVATE))));

        assertThat(HexFormat.of().formatHex(PayloadCodec.encode(vectorPayload()))).isEqualTo(VECTOR_BODY_HEX);
        assertThat(ProvisioningKey.idHex(pub)).isEqualTo("3b3f1c28268a3260");
        PayloadVerifier verifier = new PayloadVerifier(List.of(pub), BEFORE);
        assertThat(verifier.verify(VECTOR_TEXT)).isEqualTo(vectorPayload());
        assertThat(verifier.verify(PayloadSigner.sign(vectorPayload(), pair))).isEqualTo(vectorPayload());
    }

    @Test
    void aSignedCodeReadsBackAndFitsAModestQrCode() throws Exception {
        String text = PayloadSigner.sign(vectorPayload(), org);

        assertThat(text).startsWith("SALLE1:").hasSizeLessThanOrEqualTo(400);
        assertThat(new PayloadVerifier(List.of(org.getPublic()), BEFORE).verify(text)).isEqualTo(vectorPayload());
    }

    @Test
    void foreignExpiredOversizedAndWrongVersionCodesEachSayWhy() {
        PayloadVerifier v = new PayloadVerifier(List.of(org.getPublic()), BEFORE);
        String good = PayloadSigner.sign(vectorPayload(), org);

        assertThat(reasonOf(v, "WIFI:S:Salle;T:WPA;P:secret;;")).isEqualTo(Reason.NOT_SALLE);
        assertThat(reasonOf(v, "https://example.org/")).isEqualTo(Reason.NOT_SALLE);
        assertThat(reasonOf(v, "")).isEqualTo(Reason.NOT_SALLE);
        assertThat(reasonOf(v, "SALLE2:" + good.substring(7))).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(reasonOf(v, "SALLE1:" + "A".repeat(2000))).isEqualTo(Reason.TOO_LARGE);
        assertThat(reasonOf(v, "SALLE1:not*base64")).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(v, PayloadSigner.sign(vectorPayload(), ProvisioningKey.generate())))
                .as("another organisation's key").isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(reasonOf(new PayloadVerifier(List.of(org.getPublic()), Clock.fixed(EXPIRY, ZoneOffset.UTC)), good))
                .isEqualTo(Reason.EXPIRED);
        assertThat(EnumSet.allOf(Reason.class)).allSatisfy(r -> assertThat(r.screenMessage()).endsWith("."));
    }

    @Test
    void everyTruncationAndEveryFlippedBitIsRefusedWithAReason() {
        PayloadVerifier v = new PayloadVerifier(List.of(org.getPublic()), BEFORE);
        String good = PayloadSigner.sign(vectorPayload(), org);
        for (int n = 0; n < good.length(); n++) {
            String cut = good.substring(0, n);
            // a cut code is damaged, never "another organisation's" (its last bytes are no key id)
            assertThat(reasonOf(v, cut)).as("prefix of %d", n)
                    .isEqualTo(n < PayloadSigner.PREFIX.length() ? Reason.NOT_SALLE : Reason.MALFORMED);
        }
        byte[] raw = Base64.getUrlDecoder().decode(good.substring(7));
        int bodyBits = (raw.length - ProvisioningKey.ID_LENGTH - PayloadSigner.SIGNATURE_LENGTH) * 8;
        int idBits = ProvisioningKey.ID_LENGTH * 8;
        for (int i = 0; i < raw.length * 8; i += 3) {
            byte[] flipped = raw.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            String text = "SALLE1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            Reason reason = reasonOf(v, text);
            if (i < 8) {
                assertThat(reason).as("bit %d, the format version", i).isEqualTo(Reason.UNSUPPORTED_VERSION);
            } else if (i < bodyBits) {
                // a length byte that no longer adds up is damage; anything else breaks the signature
                assertThat(reason).as("bit %d, in the body", i).isIn(Reason.BAD_SIGNATURE, Reason.MALFORMED);
            } else if (i < bodyBits + idBits) {
                assertThat(reason).as("bit %d, in the key id", i).isEqualTo(Reason.UNKNOWN_KEY);
            } else {
                assertThat(reason).as("bit %d, in the signature", i).isEqualTo(Reason.BAD_SIGNATURE);
            }
        }
    }

    @Test
    void aValidlySignedButMalformedBodyIsMalformed() throws Exception {
        byte[] body = PayloadCodec.encode(vectorPayload());
        byte[] extra = java.util.Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> PayloadCodec.decode(extra)).isInstanceOfSatisfying(QrRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED)).hasMessageContaining("follow the last field");
        byte[] badVersion = body.clone();
        badVersion[0] = 9;
        assertThatThrownBy(() -> PayloadCodec.decode(badVersion)).hasMessageContaining("version 9");
        byte[] httpUrl = body.clone();
        httpUrl[5 + 1 + 4] = 'x'; // https -> httpx
        assertThatThrownBy(() -> PayloadCodec.decode(httpUrl)).isInstanceOfSatisfying(QrRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void theSecretCodeIsNeverShown() {
        EnrolmentPayload p = vectorPayload();
        String codeHex = HexFormat.of().formatHex(p.code());
        assertThat(p.toString()).contains("code redacted").doesNotContain(codeHex).doesNotContain("a0a1a2");
        PayloadVerifier v = new PayloadVerifier(List.of(org.getPublic()), Clock.fixed(EXPIRY, ZoneOffset.UTC));
        QrRejectedException e = catchThrowableOfType(QrRejectedException.class, () -> v.verify(PayloadSigner.sign(p, org)));
        assertThat(e.getMessage()).doesNotContain(codeHex);
    }

    @Test
    void payloadsOutsideTheRulesAreRefused() {
        byte[] code = new byte[16];
        byte[] pin = new byte[32];
        URI url = URI.create("https://enrol.example/e");
        assertThatThrownBy(() -> new EnrolmentPayload(URI.create("http://enrol.example/"), code, pin, "s", "r",
                Optional.empty(), EXPIRY)).hasMessageContaining("https");
        assertThatThrownBy(() -> new EnrolmentPayload(url, new byte[8], pin, "s", "r", Optional.empty(), EXPIRY))
                .hasMessageContaining("128");
        assertThatThrownBy(() -> new EnrolmentPayload(url, code, new byte[20], "s", "r", Optional.empty(), EXPIRY))
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> new EnrolmentPayload(url, code, pin, "s\u0000", "r", Optional.empty(), EXPIRY))
                .hasMessageContaining("site");
        assertThatThrownBy(() -> new EnrolmentPayload(url, code, pin, "s", "r", Optional.empty(), EXPIRY.plusMillis(5)))
                .hasMessageContaining("whole seconds");
    }
}
