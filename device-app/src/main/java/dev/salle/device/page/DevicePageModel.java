package dev.salle.device.page;

import dev.salle.device.call.CommandOutcome;
import java.util.Map;
import java.util.Optional;

/**
 * What the device page shows, what its buttons do, and what the control API may ask of the device.
 * Implemented by the device's composition root.
 *
 * <p>Threading: called on the page server's request threads, concurrently; implementations must be
 * thread-safe and quick (no blocking on the network).
 */
public interface DevicePageModel {

    /** The latest picture of the screen output as JPEG, or empty before the first one. */
    Optional<byte[]> screenSnapshotJpeg();

    /**
     * The device's state as a JSON-ready map: call state, room, LED colour and pattern, messages.
     * Values are strings, numbers, booleans, lists and maps.
     */
    Map<String, Object> state();

    /** A short press of the device's button (the page's {@code J} key). */
    void pressButton();

    /** A long press of the device's button (the page's {@code M} key). */
    void longPressButton();

    /**
     * {@code POST /api/join}: joins {@code meeting}, already checked to be {@code local:…} or an
     * absolute http(s)/ws(s) URL, or the room's own meeting when empty.
     *
     * @return accepted when the call is starting; refused (with the reason) when, for example, the
     *     room is already in a call
     */
    CommandOutcome join(Optional<String> meeting);

    /** {@code POST /api/leave}: leaves the call or cancels a join; refused when there is none. */
    CommandOutcome leave();

    /**
     * {@code POST /api/mute}: sets the microphone, or toggles it when {@code muted} is empty;
     * refused outside a call.
     */
    CommandOutcome setMicrophoneMuted(Optional<Boolean> muted);

    /**
     * {@code POST /api/camera}: turns the camera off or on, or toggles it when {@code off} is
     * empty; in a call and out of one (refused only before enrolment).
     */
    CommandOutcome setCameraOff(Optional<Boolean> off);

    /**
     * The PIN the control API and the screen snapshot ask for ({@code page.pin}), or
     * {@link ControlPin#none()}. Read at every request.
     */
    ControlPin controlPin();
}
