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

    /** The luma bytes of a gray image, row by row without padding. */
    public static byte[] luma(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("expected a TYPE_BYTE_GRAY image, got type " + image.getType());
        }
        return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
    }
}
