package dev.salle.provisioning.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrFrameDecoderTest {

    private static final KeyPair ORG = ProvisioningKey.generate();
    private static final String CODE = QrImages.signReadable(new EnrolmentPayload(URI.create("https://enrol.example/e"),
            new byte[16], new byte[32], "Préfecture du Rhône", "Salle Marianne",
            Optional.of("https://visio.example/abc-defg-hij"), Instant.parse("2027-01-15T08:00:00Z")), ORG);

    private final QrFrameDecoder decoder = new QrFrameDecoder();

    @Test
    void aRenderedCodeReadsBackExactly() {
        BufferedImage image = QrImages.render(CODE, 4);

        assertThat(decoder.decode(QrImages.luma(image), image.getWidth(), image.getHeight(), image.getWidth()))
                .contains(CODE);
        assertThat(decoder.found()).isEqualTo(1);
    }

    @Test
    void aCodeHeldUpTiltedAndNoisyInACameraFrameIsStillRead() {
        BufferedImage frame = new BufferedImage(1280, 720, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = frame.createGraphics();
        g.setColor(new java.awt.Color(90, 90, 90));
        g.fillRect(0, 0, 1280, 720);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(8), 640, 360);
        g.drawImage(QrImages.render(CODE, 4), 420, 140, 420, 420, null);
        g.dispose();
        byte[] luma = QrImages.luma(frame);
        Random noise = new Random(7);
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) Math.max(0, Math.min(255, (luma[i] & 0xff) + noise.nextInt(41) - 20));
        }
        byte[] padded = new byte[1284 * 720];
        for (int y = 0; y < 720; y++) {
            System.arraycopy(luma, y * 1280, padded, y * 1284, 1280);
        }

        assertThat(decoder.decode(padded, 1280, 720, 1284)).contains(CODE);
    }

    @Test
    void thePublishedTestVectorHeldUpSmallBlurredAndNoisyInA640x360FrameReadsInMostFramesAndVerifies()
            throws Exception {
        // A hand-held code passes through many sizes; here from a third of the frame's width (about
        // 3 pixels a module for this version-11 code) to nearly half of it. ZXing misses some exact
        // sizes at this resolution, so most frames must read, and every read must be exact.
        PublicKey vectorKey = KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(EnrolmentQrTest.VECTOR_PUBLIC)));
        PayloadVerifier verifier = new PayloadVerifier(List.of(vectorKey),
                Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC));
        BufferedImage code = QrImages.render(EnrolmentQrTest.VECTOR_TEXT, 4);
        int sizes = 0;
        int read = 0;

        for (int side = 224; side <= 296; side += 8) {
            BufferedImage frame = new BufferedImage(640, 360, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = frame.createGraphics();
            g.setColor(new java.awt.Color(150, 150, 150));
            g.fillRect(0, 0, 640, 360);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(code, 300, 40, side, side, null);
            g.dispose();
            byte[] luma = boxBlur(QrImages.luma(frame), 640, 360);
            Random noise = new Random(11);
            for (int i = 0; i < luma.length; i++) {
                luma[i] = (byte) Math.max(0, Math.min(255, (luma[i] & 0xff) + noise.nextInt(25) - 12));
            }

            Optional<String> text = decoder.decode(luma, 640, 360, 640);

            sizes++;
            if (text.isPresent()) {
                read++;
                assertThat(text).contains(EnrolmentQrTest.VECTOR_TEXT);
                assertThat(verifier.verify(text.get()).room()).isEqualTo("Salle Marianne");
            }
        }
        assertThat(read).as("frames read out of %d", sizes).isGreaterThanOrEqualTo(sizes * 7 / 10);
        assertThat(decoder.found()).isEqualTo(read);
    }

    @Test
    void aCodeTooSmallToResolveIsEmptyNotAnError() {
        BufferedImage frame = new BufferedImage(640, 360, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = frame.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 640, 360);
        g.drawImage(QrImages.render(EnrolmentQrTest.VECTOR_TEXT, 4), 300, 150, 60, 60, null);
        g.dispose();

        assertThat(decoder.decode(QrImages.luma(frame), 640, 360, 640)).isEmpty();
        assertThat(decoder.frames()).isEqualTo(1);
    }

    @Test
    void everyCodeSignedForPrintingReadsBack() {
        for (int i = 0; i < 30; i++) {
            String text = QrImages.signReadable(new EnrolmentPayload(URI.create("https://enrol.example/e"), new byte[16],
                    new byte[32], "Site", "Room " + i, Optional.empty(), Instant.parse("2027-01-15T08:00:00Z")), ORG);
            BufferedImage image = QrImages.render(text, 5);

            assertThat(decoder.decode(QrImages.luma(image), image.getWidth(), image.getHeight(), image.getWidth()))
                    .contains(text);
        }
    }

    @Test
    void aFrameWithoutACodeIsEmptyNotAnError() {
        byte[] grey = new byte[320 * 240];
        java.util.Arrays.fill(grey, (byte) 128);

        assertThat(decoder.decode(grey, 320, 240, 320)).isEmpty();
        assertThat(decoder.frames()).isEqualTo(1);
        assertThat(decoder.found()).isZero();
    }

    @Test
    void impossibleFrameSizesAreRefused() {
        assertThatThrownBy(() -> decoder.decode(new byte[100], 20, 20, 20)).hasMessageContaining("cannot be scanned");
        assertThatThrownBy(() -> decoder.decode(new byte[400], 20, 20, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[0], 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[16], 5000, 1, 5000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[16], 4, 2, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[16], 4, -2, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(null, 4, 4, 4)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("luma");
        assertThat(decoder.frames()).isZero();
    }

    private static byte[] boxBlur(byte[] luma, int width, int height) {
        byte[] out = new byte[luma.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                            sum += luma[yy * width + xx] & 0xff;
                            n++;
                        }
                    }
                }
                out[y * width + x] = (byte) (sum / n);
            }
        }
        return out;
    }
}
