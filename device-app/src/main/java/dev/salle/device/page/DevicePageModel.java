package dev.salle.device.page;

import java.util.Map;
import java.util.Optional;

/**
 * What the device page shows and what its buttons do. Implemented by the device's composition
 * root.
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

    /** The page's Join button: a short press of the device's button. */
    void pressButton();

    /** The page's Mute button: a long press of the device's button. */
    void longPressButton();
}
