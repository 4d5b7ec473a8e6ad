package dev.salle.hw.audio;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One ALSA capture device.
 *
 * @param card the ALSA card number, 0 or more
 * @param device the PCM device number on that card, 0 or more
 * @param name the device's name as ALSA reports it
 * @param channels the most capture channels it offers, when known (USB devices report it)
 */
public record MicrophoneInfo(int card, int device, String name, OptionalInt channels) {

    public MicrophoneInfo {
        if (card < 0 || device < 0) {
            throw new IllegalArgumentException("ALSA card " + card + " device " + device + " is invalid; both must be >= 0");
        }
        name = Objects.requireNonNullElse(name, "").strip();
        Objects.requireNonNull(channels, "channels");
        if (channels.isPresent() && channels.getAsInt() <= 0) {
            throw new IllegalArgumentException("ALSA device hw:" + card + "," + device + " channel count "
                    + channels.getAsInt() + " must be positive");
        }
    }

    /** The ALSA device string for GStreamer's {@code alsasrc device=}, e.g. {@code hw:1,0}. */
    public String alsaDevice() {
        return "hw:" + card + "," + device;
    }
}
