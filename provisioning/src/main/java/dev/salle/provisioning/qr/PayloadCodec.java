package dev.salle.provisioning.qr;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The payload's bytes, version 1 (docs/provisioning.md has the table): a version byte, the expiry
 * as 4 bytes of Unix seconds (big-endian), then six fields each as one length byte and its bytes:
 * enrolment URL (UTF-8), code, CA pin, site (UTF-8), room (UTF-8), meeting (UTF-8, empty for
 * none). Nothing may follow. Stateless.
 */
final class PayloadCodec {

    static final int VERSION = 1;

    private PayloadCodec() {}

    static byte[] encode(EnrolmentPayload p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(VERSION);
        long t = p.expiresAt().getEpochSecond();
        out.write((int) (t >>> 24));
        out.write((int) (t >>> 16));
        out.write((int) (t >>> 8));
        out.write((int) t);
        field(out, p.enrolmentUrl().toString().getBytes(StandardCharsets.UTF_8));
        field(out, p.code());
        field(out, p.caPin());
        field(out, p.site().getBytes(StandardCharsets.UTF_8));
        field(out, p.room().getBytes(StandardCharsets.UTF_8));
        field(out, p.meeting().orElse("").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        if (value.length > 255) {
            throw new IllegalArgumentException("a payload field is " + value.length + " bytes; at most 255");
        }
        out.write(value.length);
        out.writeBytes(value);
    }

    /** @throws QrRejectedException MALFORMED, naming what is wrong */
    static EnrolmentPayload decode(byte[] bytes) throws QrRejectedException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.remaining() < 5) {
            throw malformed("the payload is " + bytes.length + " bytes, shorter than its header");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new QrRejectedException(QrRejectedException.Reason.UNSUPPORTED_VERSION,
                    "payload format version " + version + " is not supported (this device reads version " + VERSION + ")");
        }
        long expires = in.getInt() & 0xFFFF_FFFFL;
        String url = text(in, "enrolment URL");
        byte[] code = bytes(in, "code");
        byte[] pin = bytes(in, "CA pin");
        String site = text(in, "site");
        String room = text(in, "room");
        String meeting = text(in, "meeting");
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes follow the last field");
        }
        try {
            return new EnrolmentPayload(new URI(url), code, pin, site, room,
                    meeting.isEmpty() ? Optional.empty() : Optional.of(meeting), Instant.ofEpochSecond(expires));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw malformed("a field is invalid: " + e.getMessage());
        }
    }

    private static byte[] bytes(ByteBuffer in, String what) throws QrRejectedException {
        if (!in.hasRemaining()) {
            throw malformed("the payload ends before the " + what);
        }
        int length = in.get() & 0xFF;
        if (in.remaining() < length) {
            throw malformed("the " + what + " field says " + length + " bytes, " + in.remaining() + " are left");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static String text(ByteBuffer in, String what) throws QrRejectedException {
        byte[] raw = bytes(in, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("the " + what + " is not UTF-8");
        }
    }

    private static QrRejectedException malformed(String message) {
        return new QrRejectedException(QrRejectedException.Reason.MALFORMED, message);
    }
}
