package dev.salle.device.media;

import dev.salle.device.call.RoomConnection;
import dev.salle.media.pipeline.GrayFrame;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The device's media: the camera pipeline (which also feeds the self-view), the microphone
 * pipeline, and the display pipeline that draws the status screen.
 *
 * <p>Threading: all methods are thread-safe. Failure listeners are called on a GStreamer bus
 * thread; they must hand work off quickly.
 */
public interface DeviceMedia extends AutoCloseable {

    /** Starts the display and camera pipelines. Throws with the missing element's package when one is missing. */
    void start();

    /**
     * A fresh JPEG picture of the screen output, or empty while the display is not running. The
     * screen is encoded only on demand: a call may wait briefly (on a device about a frame, at most
     * a couple of seconds) while the encoder starts, and keeps it running for a few seconds, so a
     * page polling every half second gets a new picture each time.
     */
    Optional<byte[]> screenSnapshotJpeg();

    /** Sets the status screen's text: the room's name and a status line. */
    void showStatus(String roomName, String statusText);

    /** The text the status screen draws now. */
    String overlayText();

    /** The element chosen for each role (encoder, camera source, …), as logged at start-up. */
    Map<String, String> elements();

    /** What is present and running: camera, microphone, display, pipeline states, packet counts. */
    Map<String, Object> health();

    /**
     * Whether the media runs, for the health check of a new version on trial: empty when the
     * display pipeline (the screen, always there once {@link #start()} ran) is playing and none of
     * the device's own pipelines (display, camera, speaker, microphone) has failed; else a short
     * sentence naming the pipeline and its state. Pipelines stopped on purpose while idle (the
     * microphone's) and the streams of remote participants do not count.
     */
    Optional<String> mediaProblem();

    /** Called with a message a person can read when a pipeline fails. */
    void addFailureListener(Consumer<String> listener);

    /**
     * A connection for {@code call.meeting = local:}: joining starts sending the camera and
     * microphone through the real encoders and counts the RTP packets, with no meeting server.
     */
    RoomConnection localTestConnection();

    /**
     * Starts handing grayscale camera frames to {@code frames} a few times a second, for QR
     * scanning at first boot; the self-view keeps running. {@code frames} is called on a
     * GStreamer streaming thread and must return at once.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    void startScanning(Consumer<GrayFrame> frames);

    /** Stops the grayscale frames. */
    void stopScanning();

    /**
     * Turns the camera off or on for the room. Off, no camera packet leaves the device (the
     * encoder pauses in a call), and the self-view is black with the notice {@link #CAMERA_OFF}.
     * On again, the encoder resumes with a key frame. Idempotent.
     */
    void setCameraOff(boolean off);

    /** The self-view's notice while the camera is off. */
    String CAMERA_OFF = "Camera off";

    /** The media a meeting session uses: RTP out, remote streams in, tiles and captions. */
    CallMedia callMedia();

    @Override
    void close();
}
