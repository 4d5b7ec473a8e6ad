package dev.salle.device.fleet;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code collect-logs} command's reply: the newest log lines, oldest first, cut from the
 * oldest end until they take at most {@value #MAX_LINES_BYTES} bytes as JSON strings (well under
 * the 64 KiB reply bound), with how many were cut. Stateless.
 */
final class LogExcerpt {

    static final int DEFAULT_LINES = 200;
    static final int MAX_LINES = 500;
    static final int MAX_LINES_BYTES = 48 * 1024;

    private LogExcerpt() {
    }

    static CommandResult collect(Optional<RecentLogs> logs, int requested) {
        if (logs.isEmpty()) {
            return CommandResult.failed(CommandError.FAILED,
                    "this device keeps no recent log lines in memory (its logging configuration has no ring buffer);"
                            + " read its journal on the device instead");
        }
        List<String> newest = logs.get().newest(requested);
        List<String> kept = new ArrayList<>();
        long bytes = 0;
        // walk from the newest back, so it is the oldest lines that are cut
        for (int i = newest.size() - 1; i >= 0; i--) {
            int size = JsonStringEncoder.getInstance().quoteAsUTF8(newest.get(i)).length + 3;
            if (bytes + size > MAX_LINES_BYTES) {
                break;
            }
            bytes += size;
            kept.add(newest.get(i));
        }
        java.util.Collections.reverse(kept);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requested", requested);
        result.put("cut", newest.size() - kept.size());
        result.put("lines", kept);
        return CommandResult.ok(result);
    }
}
