package dev.salle.hw.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlsaMicrophonesTest {

    private static final String PCM = """
            00-00: bcm2835 Headphones : bcm2835 Headphones : playback 8
            01-00: USB Audio : USB Audio : playback 1 : capture 1
            02-00: ReSpeaker 4 Mic Array : ReSpeaker 4 Mic Array : capture 1
            02-01: ReSpeaker 4 Mic Array : ReSpeaker Aux : playback 1 : capture 1
            """;

    private static final String USB_STREAM = """
            Jabra SPEAK 410 USB at usb-0000:01:00.0-1.2, full speed : USB Audio

            Playback:
              Status: Stop
              Interface 1
                Altset 1
                Format: S16_LE
                Channels: 2
            Capture:
              Status: Stop
              Interface 2
                Altset 1
                Format: S16_LE
                Channels: 1
                Rates: 16000
              Interface 2
                Altset 2
                Format: S16_LE
                Channels: 4
                Rates: 16000
            """;

    @TempDir
    Path asound;

    @Test
    void listsCaptureDevicesWithAlsaNamesAndUsbChannelCounts() throws IOException {
        Files.writeString(asound.resolve("pcm"), PCM);
        Files.createDirectories(asound.resolve("card1"));
        Files.writeString(asound.resolve("card1/stream0"), USB_STREAM);

        MicrophoneScan scan = new AlsaMicrophones(asound).scan();

        assertThat(scan.skippedLines()).isZero();
        assertThat(scan.microphones()).extracting(MicrophoneInfo::alsaDevice).containsExactly("hw:1,0", "hw:2,0", "hw:2,1");
        assertThat(scan.microphones().get(0).channels()).isEqualTo(OptionalInt.of(4));
        assertThat(scan.microphones().get(1).name()).isEqualTo("ReSpeaker 4 Mic Array");
        assertThat(scan.microphones().get(1).channels()).isEmpty();
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws IOException {
        Files.writeString(asound.resolve("pcm"), """
                garbage line
                03-xx: Broken : Broken : capture 1
                04-00: Only one field
                05-00: Mic : Mic : capture many
                06-00: Good Mic : Good Mic : capture 1
                """);

        MicrophoneScan scan = new AlsaMicrophones(asound).scan();

        assertThat(scan.skippedLines()).isEqualTo(4);
        assertThat(scan.microphones()).extracting(MicrophoneInfo::alsaDevice).containsExactly("hw:6,0");
    }

    @Test
    void missingProcFileListsNothing() {
        assertThat(new AlsaMicrophones(asound.resolve("nope")).list()).isEmpty();
    }

    @Test
    void streamFileWithoutCaptureSectionLeavesChannelsUnknown() throws IOException {
        Files.writeString(asound.resolve("pcm"), "01-00: USB Audio : USB Audio : playback 1 : capture 1\n");
        Files.createDirectories(asound.resolve("card1"));
        Files.writeString(asound.resolve("card1/stream0"), "Something\n\nPlayback:\n    Channels: 2\n");

        assertThat(new AlsaMicrophones(asound).list()).singleElement()
                .satisfies(m -> assertThat(m.channels()).isEmpty());
    }

    @Test
    void simulatedArrayHasFourChannelsOnHw00() {
        assertThat(new SimulatedMicrophones().list()).singleElement().satisfies(m -> {
            assertThat(m.alsaDevice()).isEqualTo("hw:0,0");
            assertThat(m.channels()).isEqualTo(OptionalInt.of(4));
        });
    }
}
