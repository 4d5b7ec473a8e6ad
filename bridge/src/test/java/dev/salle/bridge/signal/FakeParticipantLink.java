package dev.salle.bridge.signal;

import java.util.ArrayList;
import java.util.List;
import livekit.LivekitRtc.SignalResponse;

/** Records what the room sends and whether it closed the link. */
final class FakeParticipantLink implements ParticipantLink {

    final List<SignalResponse> sent = new ArrayList<>();
    int closeCode = -1;
    String closeReason;

    @Override
    public synchronized void send(SignalResponse message) {
        sent.add(message);
    }

    @Override
    public synchronized void close(int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
    }

    synchronized List<SignalResponse.MessageCase> kinds() {
        return sent.stream().map(SignalResponse::getMessageCase).toList();
    }

    synchronized SignalResponse last() {
        return sent.get(sent.size() - 1);
    }
}
