package dev.salle.hw.audio;

import java.util.List;

/**
 * The result of reading the machine's capture devices.
 *
 * @param microphones the capture devices found, by card then device
 * @param skippedLines how many lines could not be read and were left out (0 on a healthy machine)
 */
public record MicrophoneScan(List<MicrophoneInfo> microphones, int skippedLines) {

    public MicrophoneScan {
        microphones = List.copyOf(microphones);
    }
}
