package dev.salle.device.meeting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How a call is going, in the few figures a fleet manager acts on, and one word for them.
 *
 * <ul>
 *   <li>{@code rttMs}: the signalling connection's last ping round trip (LiveKit's ping/pong);</li>
 *   <li>{@code sendLossPercent}, {@code sendJitterMs}: what the server's last RTCP reports say of the
 *       camera and microphone we send, the worse of the two (the loss is over the report's interval);</li>
 *   <li>{@code receiveLossPercent}: what we did not receive of the remote streams, since each opened.</li>
 * </ul>
 *
 * <p>The rating is {@code poor} when loss reaches 10 %, the round trip 500 ms or jitter 50 ms;
 * {@code fair} from 2 %, 250 ms or 30 ms; {@code good} below; {@code unknown} before any figure.
 * Those are the points where video conferencing becomes visibly worse (frozen video, talking over
 * each other), not a standard. A figure that is not known yet is left out, never guessed.
 *
 * @param rttMs absent before the first pong
 * @param sendLossPercent absent before the server's first report
 * @param sendJitterMs absent before the server's first report
 * @param receiveLossPercent absent before the first remote packet
 */
record CallQuality(OptionalLong rttMs, OptionalDouble sendLossPercent, OptionalDouble sendJitterMs,
                   OptionalDouble receiveLossPercent) {

    static final String GOOD = "good";
    static final String FAIR = "fair";
    static final String POOR = "poor";
    static final String UNKNOWN = "unknown";

    String rating() {
        if (rttMs.isEmpty() && sendLossPercent.isEmpty() && sendJitterMs.isEmpty() && receiveLossPercent.isEmpty()) {
            return UNKNOWN;
        }
        double loss = Math.max(sendLossPercent.orElse(0), receiveLossPercent.orElse(0));
        long rtt = rttMs.orElse(0);
        double jitter = sendJitterMs.orElse(0);
        if (loss >= 10 || rtt >= 500 || jitter >= 50) {
            return POOR;
        }
        if (loss >= 2 || rtt >= 250 || jitter >= 30) {
            return FAIR;
        }
        return GOOD;
    }

    /** The figures that are known, rounded to a tenth, and the rating: for telemetry and the device page. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rating", rating());
        rttMs.ifPresent(v -> m.put("rttMs", v));
        sendLossPercent.ifPresent(v -> m.put("sendLossPercent", tenth(v)));
        sendJitterMs.ifPresent(v -> m.put("sendJitterMs", tenth(v)));
        receiveLossPercent.ifPresent(v -> m.put("receiveLossPercent", tenth(v)));
        return m;
    }

    private static double tenth(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
