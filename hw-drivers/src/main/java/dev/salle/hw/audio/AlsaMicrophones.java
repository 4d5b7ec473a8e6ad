package dev.salle.hw.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture devices from {@code /proc/asound}: {@code pcm} lists every PCM device as
 * {@code CC-DD: id : name : playback N : capture N}, and for USB audio
 * {@code cardC/streamD} gives the capture channel counts. Lines that do not fit are skipped and
 * counted in {@link MicrophoneScan#skippedLines()}.
 */
public final class AlsaMicrophones implements Microphones {

    private static final Logger LOG = LoggerFactory.getLogger(AlsaMicrophones.class);
    private static final Pattern PCM_LINE = Pattern.compile("^(\\d+)-(\\d+):(.*)$");
    private static final Pattern CHANNELS = Pattern.compile("^\\s+Channels:\\s*(\\d+)\\s*$");

    private final Path root;

    /** Reads {@code root} as {@code /proc/asound}. */
    public AlsaMicrophones(Path root) {
        this.root = root;
    }

    /** Reads the machine's {@code /proc/asound}. */
    public static AlsaMicrophones system() {
        return new AlsaMicrophones(Path.of("/proc/asound"));
    }

    @Override
    public List<MicrophoneInfo> list() {
        return scan().microphones();
    }

    /** The capture devices, with how many lines of {@code pcm} were skipped. */
    public MicrophoneScan scan() {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve("pcm"));
        } catch (IOException e) {
            LOG.info("no ALSA PCM list at {} ({}); reporting no microphones", root.resolve("pcm"), e.toString());
            return new MicrophoneScan(List.of(), 0);
        }
        List<MicrophoneInfo> found = new ArrayList<>();
        int skipped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                parse(line).ifPresent(found::add);
            } catch (RuntimeException e) {
                skipped++;
                LOG.debug("skipped ALSA PCM line '{}': {}", line, e.getMessage());
            }
        }
        if (skipped > 0) {
            LOG.warn("skipped {} unreadable line(s) of {}", skipped, root.resolve("pcm"));
        }
        found.sort(Comparator.comparingInt(MicrophoneInfo::card).thenComparingInt(MicrophoneInfo::device));
        return new MicrophoneScan(found, skipped);
    }

    private java.util.Optional<MicrophoneInfo> parse(String line) {
        Matcher m = PCM_LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not CC-DD: ...");
        }
        int card = Integer.parseInt(m.group(1));
        int device = Integer.parseInt(m.group(2));
        String[] fields = m.group(3).split(" : ");
        if (fields.length < 3) {
            throw new IllegalArgumentException("fewer than three fields");
        }
        boolean capture = false;
        for (int i = 2; i < fields.length; i++) {
            String field = fields[i].strip();
            if (field.startsWith("capture ")) {
                capture = Integer.parseInt(field.substring("capture ".length()).strip()) > 0;
            }
        }
        if (!capture) {
            return java.util.Optional.empty();
        }
        String name = fields[1].strip().isEmpty() ? fields[0].strip() : fields[1].strip();
        return java.util.Optional.of(new MicrophoneInfo(card, device, name, captureChannels(card, device)));
    }

    /** The most channels in the Capture section of {@code cardC/streamD}, if that file exists. */
    private OptionalInt captureChannels(int card, int device) {
        Path stream = root.resolve("card" + card).resolve("stream" + device);
        if (!Files.isReadable(stream)) {
            return OptionalInt.empty();
        }
        try {
            boolean inCapture = false;
            int most = 0;
            for (String line : Files.readAllLines(stream)) {
                if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                    inCapture = line.startsWith("Capture:");
                    continue;
                }
                Matcher m = CHANNELS.matcher(line);
                if (inCapture && m.matches()) {
                    most = Math.max(most, Integer.parseInt(m.group(1)));
                }
            }
            return most > 0 ? OptionalInt.of(most) : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read channel count from {}: {}", stream, e.toString());
            return OptionalInt.empty();
        }
    }
}
