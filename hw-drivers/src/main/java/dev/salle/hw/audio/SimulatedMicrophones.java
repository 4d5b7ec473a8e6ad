package dev.salle.hw.audio;

import java.util.List;
import java.util.OptionalInt;

/**
 * One 4-channel test microphone array, for running the device on a PC (the media pipeline uses a
 * GStreamer test source for it).
 */
public final class SimulatedMicrophones implements Microphones {

    private static final MicrophoneInfo ARRAY = new MicrophoneInfo(0, 0, "Salle simulated 4-mic array", OptionalInt.of(4));

    @Override
    public List<MicrophoneInfo> list() {
        return List.of(ARRAY);
    }
}
