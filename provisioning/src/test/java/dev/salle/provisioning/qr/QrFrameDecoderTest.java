package dev.salle.provisioning.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
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
        assertThat(decoder.frames()).isZero();
    }
}
