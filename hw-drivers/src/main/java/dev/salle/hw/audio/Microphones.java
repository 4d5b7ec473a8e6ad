package dev.salle.hw.audio;

import java.util.List;

/**
 * The machine's microphones (ALSA capture devices).
 *
 * <p>Contract: {@link #list()} never throws for a missing or odd system file: what cannot be read
 * is left out. Threading: safe from any thread; every call looks afresh (a USB microphone may come
 * and go). No callbacks.
 */
public interface Microphones {

    /** The capture devices present now, by card then device. */
    List<MicrophoneInfo> list();
}
