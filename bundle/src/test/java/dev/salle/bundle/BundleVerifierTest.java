package dev.salle.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;

    private Path payload;
    private Path staging;
    private final BundleVerifier device = new BundleVerifier(List.of(RELEASE.getPublic()), "device-app",
            BundleVersion.parse("1.4.0"));

    @BeforeEach
    void payload() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(5).nextBytes(bytes);
        payload = Files.write(dir.resolve("device-app.tar"), bytes);
        staging = dir.resolve("staging");
    }

    @Test
    void aGenuineNewerBundleVerifiesAndItsPayloadIsStaged() throws Exception {
        byte[] bundle = bundle("1.5.0", "1.0.0", false, RELEASE);

        VerifiedBundle verified = device.verify(new ByteArrayInputStream(bundle), staging);

        assertThat(verified.manifest().version()).isEqualTo(BundleVersion.parse("1.5.0"));
        assertThat(Files.readAllBytes(verified.payload())).isEqualTo(Files.readAllBytes(payload));
    }

    @Test
    void aFlippedPayloadByteIsRefusedAndNothingIsLeftStaged() throws Exception {
        byte[] bundle = bundle("1.5.0", "1.0.0", false, RELEASE);
        bundle[bundle.length - 1000] ^= 0x01;

        assertRefused(bundle, Reason.PAYLOAD_MISMATCH);
    }

    @Test
    void aChangedManifestOrSignatureIsABadSignature() throws Exception {
        byte[] bundle = bundle("1.5.0", "1.0.0", false, RELEASE);
        byte[] manifest = bundle.clone();
        int at = indexOf(manifest, "1.5.0".getBytes());
        manifest[at] = '9';
        byte[] signature = bundle.clone();
        signature[BundleFormat.MAGIC.length + 4 + manifestLength(bundle) + 1 + 8 + 2 + 10] ^= 0x40;

        assertRefused(manifest, Reason.BAD_SIGNATURE);
        assertRefused(signature, Reason.BAD_SIGNATURE);
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefused() throws Exception {
        assertRefused(bundle("1.5.0", "1.0.0", false, ReleaseKeys.generate()), Reason.UNKNOWN_KEY);
    }

    @Test
    void anOlderOrTheSameVersionIsRefusedUnlessTheFleetMarkedARollback() throws Exception {
        assertRefused(bundle("1.3.9", "1.0.0", false, RELEASE), Reason.NOT_NEWER);
        assertRefused(bundle("1.4.0", "1.0.0", false, RELEASE), Reason.NOT_NEWER);
        assertRefused(bundle("1.4.0-rc1", "1.0.0", false, RELEASE), Reason.NOT_NEWER);

        VerifiedBundle rollback = device.verify(new ByteArrayInputStream(bundle("1.3.9", "1.0.0", true, RELEASE)), staging);
        assertThat(rollback.manifest().rollback()).isTrue();
    }

    @Test
    void aBundleForAnotherTargetOrFromTooNewAVersionIsRefused() throws Exception {
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse("2.0.0"), "os-image", BundleVersion.parse("1.0.0"), false, RELEASE,
                NOW, other);

        assertRefused(other.toByteArray(), Reason.WRONG_TARGET);
        assertRefused(bundle("2.0.0", "1.5.0", false, RELEASE), Reason.TOO_OLD_TO_UPDATE);
    }

    @Test
    void cutOrExtendedBundlesAreRefused() throws Exception {
        byte[] bundle = bundle("1.5.0", "1.0.0", false, RELEASE);

        assertRefused(Arrays.copyOf(bundle, bundle.length - 1), Reason.TRUNCATED);
        assertRefused(Arrays.copyOf(bundle, bundle.length + 1), Reason.TRAILING_BYTES);
        assertRefused(Arrays.copyOf(bundle, 30), Reason.TRUNCATED);
        assertRefused(Arrays.copyOf(bundle, 5), Reason.NOT_A_BUNDLE);
        assertRefused("PK\u0003\u0004 a zip file".getBytes(), Reason.NOT_A_BUNDLE);
        byte[] huge = bundle.clone();
        huge[BundleFormat.MAGIC.length] = 0x7f;
        assertRefused(huge, Reason.MALFORMED);
    }

    @Test
    void noSingleBitFlipAnywhereInTheHeaderIsAccepted() throws Exception {
        byte[] bundle = bundle("1.5.0", "1.0.0", false, RELEASE);
        int header = BundleFormat.MAGIC.length + 4 + manifestLength(bundle) + 1 + 8 + 2 + 64;
        for (int i = 0; i < header; i++) {
            byte[] flipped = bundle.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            int at = i;
            assertThatThrownBy(() -> device.verify(new ByteArrayInputStream(flipped), staging))
                    .as("bit flipped at byte %d", at).isInstanceOf(BundleRejectedException.class);
            assertThat(staging).doesNotExist();
        }
    }

    @Test
    void versionsParseStrictlyAndOrderPreReleasesFirst() {
        assertThat(BundleVersion.parse("1.10.0")).isGreaterThan(BundleVersion.parse("1.9.9"));
        assertThat(BundleVersion.parse("1.5.0-rc1")).isLessThan(BundleVersion.parse("1.5.0"));
        assertThat(BundleVersion.parse("0.1.0-SNAPSHOT").toString()).isEqualTo("0.1.0-SNAPSHOT");
        for (String bad : new String[] {"", "1", "1.2", "01.2.3", "1.2.3.4", "v1.2.3", "1.2.3-", "1.2.3-a b", null}) {
            assertThatThrownBy(() -> BundleVersion.parse(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private void assertRefused(byte[] bundle, Reason reason) {
        assertThatThrownBy(() -> device.verify(new ByteArrayInputStream(bundle), staging))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(staging).doesNotExist();
    }

    private byte[] bundle(String version, String minimum, boolean rollback, KeyPair key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse(version), "device-app", BundleVersion.parse(minimum), rollback, key,
                NOW, out);
        return out.toByteArray();
    }

    private static int manifestLength(byte[] bundle) {
        int o = BundleFormat.MAGIC.length;
        return ((bundle[o] & 0xff) << 24) | ((bundle[o + 1] & 0xff) << 16) | ((bundle[o + 2] & 0xff) << 8) | (bundle[o + 3] & 0xff);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
