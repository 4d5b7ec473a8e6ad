package dev.salle.rtc.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.salle.rtc.signal.SignalDecodeException.Reason;
import java.nio.ByteBuffer;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;

/**
 * Binary WebSocket frames ↔ LiveKit signalling messages, one message per frame. Immutable and
 * thread-safe.
 *
 * <p>The server side decodes {@link SignalRequest}s and encodes {@link SignalResponse}s; the
 * opposite pair serves the device, which is a LiveKit client, and tests. A decoded message always
 * has its oneof set; anything else is a {@link SignalDecodeException}.
 */
public final class SignalCodec {

    /** Default largest frame accepted: 1 MiB, well above any SDP LiveKit clients send. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    private final int maxFrameBytes;

    /** A codec that refuses frames larger than {@link #DEFAULT_MAX_FRAME_BYTES}. */
    public SignalCodec() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * @param maxFrameBytes largest frame accepted when decoding, 1 or more
     */
    public SignalCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1, got " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Decodes a client's frame. Reads {@code frame} from its position to its limit, without moving it. */
    public SignalRequest decodeRequest(ByteBuffer frame) throws SignalDecodeException {
        checkSize(frame.remaining(), "SignalRequest");
        SignalRequest request;
        try {
            request = SignalRequest.parseFrom(frame.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf(frame.remaining(), "SignalRequest", e);
        }
        if (request.getMessageCase() == SignalRequest.MessageCase.MESSAGE_NOT_SET) {
            throw unset(frame.remaining(), "SignalRequest", !request.getUnknownFields().asMap().isEmpty());
        }
        return request;
    }

    /** Decodes a client's frame. */
    public SignalRequest decodeRequest(byte[] frame) throws SignalDecodeException {
        return decodeRequest(ByteBuffer.wrap(frame));
    }

    /** Decodes a server's frame (client side). Reads {@code frame} without moving it. */
    public SignalResponse decodeResponse(ByteBuffer frame) throws SignalDecodeException {
        checkSize(frame.remaining(), "SignalResponse");
        SignalResponse response;
        try {
            response = SignalResponse.parseFrom(frame.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf(frame.remaining(), "SignalResponse", e);
        }
        if (response.getMessageCase() == SignalResponse.MessageCase.MESSAGE_NOT_SET) {
            throw unset(frame.remaining(), "SignalResponse", !response.getUnknownFields().asMap().isEmpty());
        }
        return response;
    }

    /** Decodes a server's frame (client side). */
    public SignalResponse decodeResponse(byte[] frame) throws SignalDecodeException {
        return decodeResponse(ByteBuffer.wrap(frame));
    }

    /**
     * Encodes a server message into one frame.
     *
     * @throws IllegalArgumentException when no oneof member is set (a bug on our side)
     */
    public byte[] encodeResponse(SignalResponse response) {
        if (response.getMessageCase() == SignalResponse.MessageCase.MESSAGE_NOT_SET) {
            throw new IllegalArgumentException("refusing to send a SignalResponse with no message set;"
                    + " set one of join, answer, offer, trickle, …");
        }
        return response.toByteArray();
    }

    /**
     * Encodes a client message into one frame.
     *
     * @throws IllegalArgumentException when no oneof member is set (a bug on our side)
     */
    public byte[] encodeRequest(SignalRequest request) {
        if (request.getMessageCase() == SignalRequest.MessageCase.MESSAGE_NOT_SET) {
            throw new IllegalArgumentException("refusing to send a SignalRequest with no message set;"
                    + " set one of offer, answer, trickle, add_track, …");
        }
        return request.toByteArray();
    }

    private void checkSize(int bytes, String type) throws SignalDecodeException {
        if (bytes == 0) {
            throw new SignalDecodeException(Reason.EMPTY, "empty frame (0 bytes) where a " + type
                    + " was expected; send one protobuf message per binary frame");
        }
        if (bytes > maxFrameBytes) {
            throw new SignalDecodeException(Reason.TOO_LARGE, "frame of " + bytes + " bytes is larger than the "
                    + maxFrameBytes + " accepted for a " + type + "; split the data or raise the limit");
        }
    }

    private static SignalDecodeException notProtobuf(int bytes, String type, InvalidProtocolBufferException e) {
        // Protobuf's messages describe the failure (truncated, bad tag) without quoting data.
        return new SignalDecodeException(Reason.NOT_PROTOBUF, "frame of " + bytes + " bytes is not a "
                + type + " (" + e.getMessage() + "); send the binary protobuf encoding, not JSON or text", e);
    }

    private static SignalDecodeException unset(int bytes, String type, boolean unknownFields) {
        if (unknownFields) {
            return new SignalDecodeException(Reason.UNKNOWN_MESSAGE, "frame of " + bytes + " bytes holds a " + type
                    + " this server does not know (newer protocol?); use a client speaking protocol "
                    + RtcConnectParams.SERVER_PROTOCOL + " or older");
        }
        return new SignalDecodeException(Reason.NO_MESSAGE, "frame of " + bytes + " bytes is a " + type
                + " with no message set; set exactly one member of its oneof");
    }
}
