package dev.salle.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's look at a bundle before it hosts it: the device's checks that need no device. */
class BundleInspectorTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    private byte[] bundle;

    @BeforeEach
    void bundle() throws Exception {
        byte[] bytes = new byte[150_000];
        new Random(9).nextBytes(bytes);
        Path payload = Files.write(dir.resolve("payload"), bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse("1.6.0"), "os-image-pi4", BundleVersion.parse("1.2.0"), false, RELEASE,
                Instant.parse("2026-11-23T09:00:00Z"), out);
        bundle = out.toByteArray();
    }

    @Test
    void aGoodBundleGivesItsManifestKeyAndTheWholeFilesHash() throws Exception {
        Path file = Files.write(dir.resolve("b.bundle"), bundle);

        BundleInspector.Inspected checked = BundleInspector.inspect(file, List.of(RELEASE.getPublic()));
        BundleInspector.Inspected unchecked = BundleInspector.inspect(file, List.of());

        assertThat(checked.manifest().version()).isEqualTo(BundleVersion.parse("1.6.0"));
        assertThat(checked.manifest().target()).isEqualTo("os-image-pi4");
        assertThat(checked.keyId()).isEqualTo(ReleaseKeys.idHex(RELEASE.getPublic()));
        assertThat(checked.signatureChecked()).isTrue();
        assertThat(unchecked.signatureChecked()).isFalse();
        assertThat(checked.size()).isEqualTo(bundle.length);
        assertThat(checked.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle)));
    }

    @Test
    void damagedFilesAreRefusedWithTheDevicesReasonsEvenWithoutAKey() throws Exception {
        byte[] flipped = bundle.clone();
        flipped[flipped.length - 7] ^= 0x10;

        assertRefused(flipped, List.of(), Reason.PAYLOAD_MISMATCH);
        assertRefused(Arrays.copyOf(bundle, bundle.length - 1), List.of(), Reason.TRUNCATED);
        assertRefused(Arrays.copyOf(bundle, bundle.length + 3), List.of(), Reason.TRAILING_BYTES);
        assertRefused(Arrays.copyOf(bundle, 12), List.of(), Reason.TRUNCATED);
        assertRefused("#!/bin/sh\necho not a bundle\n".getBytes(), List.of(), Reason.NOT_A_BUNDLE);
        assertRefused(new byte[0], List.of(), Reason.NOT_A_BUNDLE);
    }

    @Test
    void withKeysGivenAnotherKeyOrAChangedManifestIsRefused() throws Exception {
        byte[] forged = bundle.clone();
        int at = indexOf(forged, "1.6.0".getBytes());
        forged[at] = '7';

        assertRefused(bundle, List.of(ReleaseKeys.generate().getPublic()), Reason.UNKNOWN_KEY);
        assertRefused(forged, List.of(RELEASE.getPublic()), Reason.BAD_SIGNATURE);
    }

    @Test
    void aManifestThatDoesNotParseIsMalformed() throws Exception {
        byte[] broken = bundle.clone();
        int at = indexOf(broken, "\"target\"".getBytes());
        broken[at + 1] = 'X'; // an unknown field: the manifest no longer parses

        assertRefused(broken, List.of(), Reason.MALFORMED);
    }

    @Test
    void theHeadAloneGivesTheManifestWithoutReadingThePayload() throws Exception {
        byte[] cut = Arrays.copyOf(bundle, bundle.length - 100_000); // the payload is cut, the head is whole
        Path file = Files.write(dir.resolve("cut.bundle"), cut);

        BundleInspector.Head head = BundleInspector.head(file);

        assertThat(head.manifest().version()).isEqualTo(BundleVersion.parse("1.6.0"));
        assertThat(head.keyId()).isEqualTo(ReleaseKeys.idHex(RELEASE.getPublic()));
        assertThatThrownBy(() -> BundleInspector.head(Files.write(dir.resolve("short"), Arrays.copyOf(bundle, 20))))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        assertThatThrownBy(() -> BundleInspector.head(Files.writeString(dir.resolve("text"), "hello")))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_BUNDLE));
    }

    private void assertRefused(byte[] bytes, List<java.security.PublicKey> keys, Reason reason) throws Exception {
        Path file = Files.write(dir.resolve("bad.bundle"), bytes);
        assertThatThrownBy(() -> BundleInspector.inspect(file, keys))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
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
