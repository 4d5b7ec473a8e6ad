package dev.salle.device.media;

import dev.salle.media.pipeline.RtpPacketListener;
import java.util.List;

/**
 * What a meeting session needs from the device's media: the camera and microphone as RTP, remote
 * streams to decode into the screen's tiles and the loudspeaker mix, the layout, and captions.
 *
 * <p>Threading: every method is thread-safe. RTP listeners are called on GStreamer streaming
 * threads and must not block. {@link RemoteStream#push} is called on the network thread.
 */
public interface CallMedia {

    /**
     * Starts the camera's encoders and the microphone pipeline, delivering their RTP packets (H.264
     * with payload type {@link #VIDEO_PAYLOAD_TYPE}, Opus with {@link #AUDIO_PAYLOAD_TYPE}) until
     * {@link #stopSending()}. Calling it again replaces the listeners.
     *
     * @param lowVideo the low simulcast layer's packets, when {@link #lowLayer()} is present
     */
    void startSending(RtpPacketListener video, RtpPacketListener lowVideo, RtpPacketListener audio);

    /** The camera's encoded size. */
    LayerSize mainLayer();

    /** The low simulcast layer's size, when the camera is also encoded small. */
    java.util.Optional<LayerSize> lowLayer();

    /** The size of one encoded layer. */
    record LayerSize(int width, int height) {}

    /** Stops the encoder and the microphone pipeline; the self-view goes on. */
    void stopSending();

    /** Asks the encoder for a key frame (a PLI or FIR from the far end). */
    boolean requestKeyFrame();

    /** Sets the encoder's target bitrate, when the encoder can change it while running. */
    boolean setVideoBitrateKbps(int kbps);

    /** The tile slots the screen has; slot numbers run from 0. */
    int videoSlots();

    /** The audio mix's input slots; slot numbers run from 0. */
    int audioSlots();

    /**
     * Starts decoding a remote video stream into the tile of {@code slot}.
     *
     * @param encodingName {@code H264} or {@code VP8}
     */
    RemoteStream openRemoteVideo(String encodingName, int payloadType, int slot);

    /** Starts decoding a remote Opus stream into the mix input {@code slot}. */
    RemoteStream openRemoteAudio(int payloadType, int slot);

    /** Shows these tiles (the others are hidden): the speaker large, the rest in the filmstrip. */
    void showTiles(List<Tile> tiles);

    /** Draws live captions at the bottom of the screen; an empty text hides them. */
    void showCaption(String text);

    /** The H.264 payload type the camera pipeline writes. */
    int VIDEO_PAYLOAD_TYPE = 96;
    /** The Opus payload type the microphone pipeline writes. */
    int AUDIO_PAYLOAD_TYPE = 111;

    /** One shown tile: its slot, the participant's name under it, and whether it is the large one. */
    record Tile(int slot, String name, boolean speaker) {}

    /** One remote stream being decoded. {@link #close()} stops it; it may be called twice. */
    interface RemoteStream extends AutoCloseable {
        /** One RTP packet; copied, so the buffer may be reused at once. */
        void push(byte[] packet, int offset, int length);

        /** Frames (video) or samples (audio) decoded so far. */
        long decoded();

        /**
         * When the first frame (video) was decoded, in {@link System#nanoTime} as stamped where it was
         * decoded; empty before it, or when the stream does not stamp it.
         */
        default java.util.OptionalLong firstDecodedNanos() {
            return java.util.OptionalLong.empty();
        }

        @Override
        void close();
    }
}
