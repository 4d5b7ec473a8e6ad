package dev.salle.provisioning.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds a QR code in a grayscale camera frame (one byte of luma per pixel) with ZXing. A frame
 * without a readable code is the normal case and gives an empty result; only a frame whose sizes
 * do not add up is an error. One instance per scanning worker: ZXing's reader is not thread-safe.
 */
public final class QrFrameDecoder {

    /** Larger frames are refused rather than decoded: scanning never needs more than 4K. */
    public static final int MAX_SIDE = 4096;

    private static final Map<DecodeHintType, Object> HINTS = Map.of(
            DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE),
            DecodeHintType.TRY_HARDER, Boolean.TRUE,
            DecodeHintType.CHARACTER_SET, "UTF-8");

    private final QRCodeReader reader = new QRCodeReader();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong found = new AtomicLong();

    /**
     * @param luma {@code height} rows of {@code stride} bytes, the first {@code width} of each used
     * @throws IllegalArgumentException when the sizes are impossible or over {@link #MAX_SIDE}
     */
    public Optional<String> decode(byte[] luma, int width, int height, int stride) {
        Objects.requireNonNull(luma, "luma");
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || stride < width
                || (long) stride * (height - 1) + width > luma.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame with stride " + stride + " in "
                    + luma.length + " bytes cannot be scanned (at most " + MAX_SIDE + " pixels a side)");
        }
        frames.incrementAndGet();
        int rows = luma.length / stride;
        PlanarYUVLuminanceSource source = new PlanarYUVLuminanceSource(luma, stride, rows, 0, 0, width, height, false);
        // The local-threshold binarizer suits uneven light; the global one catches the codes it
        // misreads (a few percent of clean, evenly lit codes).
        Optional<String> text = attempt(new BinaryBitmap(new HybridBinarizer(source)))
                .or(() -> attempt(new BinaryBitmap(new GlobalHistogramBinarizer(source))));
        text.ifPresent(t -> found.incrementAndGet());
        return text;
    }

    private Optional<String> attempt(BinaryBitmap bitmap) {
        try {
            Result result = reader.decode(bitmap, HINTS);
            return Optional.of(result.getText());
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return Optional.empty();
        } finally {
            reader.reset();
        }
    }

    /** Frames looked at so far. */
    public long frames() {
        return frames.get();
    }

    /** Frames in which a code was read. */
    public long found() {
        return found.get();
    }
}
