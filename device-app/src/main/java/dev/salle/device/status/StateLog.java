package dev.salle.device.status;

import dev.salle.device.call.CallSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last few call states, for the device page. Thread-safe; keeps at most {@code capacity}. */
public final class StateLog {

    private final int capacity;
    private final Deque<CallSnapshot> entries = new ArrayDeque<>();

    public StateLog(int capacity) {
        this.capacity = capacity;
    }

    /** Records a snapshot when its state, mute or message differs from the last one. */
    public synchronized void record(CallSnapshot s) {
        CallSnapshot last = entries.peekLast();
        if (last != null && last.state() == s.state() && last.muted() == s.muted() && last.message().equals(s.message())) {
            return;
        }
        entries.addLast(s);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    /** Oldest first, as JSON-ready maps: time, state, cause, message. */
    public synchronized List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CallSnapshot s : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", s.since().toString());
            m.put("state", s.state().wireName() + (s.muted() ? " (muted)" : ""));
            m.put("cause", s.cause());
            m.put("message", s.message());
            out.add(m);
        }
        return out;
    }
}
