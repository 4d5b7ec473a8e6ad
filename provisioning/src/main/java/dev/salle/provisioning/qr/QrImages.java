package dev.salle.provisioning.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.util.Map;

/** Draws a text as a QR code (error correction M, the standard 4-module quiet zone). Headless. */
public final class QrImages {

    private QrImages() {
    }

    /** The code's modules, each {@code moduleSize} pixels square, black on white, quiet zone included. */
    public static BufferedImage render(String text, int moduleSize) {
        if (moduleSize < 1 || moduleSize > 64) {
            throw new IllegalArgumentException("a module is 1 to 64 pixels, got " + moduleSize);
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit in a QR code: " + e.getMessage(), e);
        }
        int side = matrix.getWidth() * moduleSize;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.getRaster().setSample(x, y, 0, matrix.get(x / moduleSize, y / moduleSize) ? 0 : 255);
            }
        }
        return image;
    }

    /**
     * Signs {@code payload} so that its printed code reads back with a camera's detector. ZXing's
     * finder-pattern detector misses a few percent of clean codes whose data happens to look like
     * finder patterns; ECDSA signatures are randomised, so signing again gives another pattern.
     *
     * @throws IllegalStateException when 20 signatures in a row do not read back (a broken encoder)
     */
    public static String signReadable(EnrolmentPayload payload, java.security.KeyPair key) {
        QrFrameDecoder decoder = new QrFrameDecoder();
        for (int attempt = 0; attempt < 20; attempt++) {
            String text = PayloadSigner.sign(payload, key);
            BufferedImage image = render(text, 4);
            if (decoder.decode(luma(image), image.getWidth(), image.getHeight(), image.getWidth())
                    .filter(text::equals).isPresent()) {
                return text;
            }
        }
        throw new IllegalStateException("no signed code of this payload reads back after 20 signatures");
    }

    /** The luma bytes of a gray image, row by row without padding. */
    public static byte[] luma(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("expected a TYPE_BYTE_GRAY image, got type " + image.getType());
        }
        return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
    }
}
