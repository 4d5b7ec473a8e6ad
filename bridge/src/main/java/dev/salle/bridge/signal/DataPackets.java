package dev.salle.bridge.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Locale;
import livekit.LivekitModels.DataPacket;

/**
 * What the bridge does with one message from a client's data channel: a LiveKit
 * {@code DataPacket} is stamped with its sender and relayed, anything else is dropped with a
 * reason for the counter. Stateless.
 */
final class DataPackets {

    /** A packet to relay: the stamped bytes, and the identities it is for (empty: everyone else). */
    record Relay(byte[] packet, List<String> to) {}

    /** The outcome: a relay, or the reason it is dropped. */
    record Decision(Relay relay, String dropReason) {
        static Decision drop(String reason) {
            return new Decision(null, reason);
        }
    }

    private DataPackets() {}

    /**
     * @param binary whether it came as a binary message (DataPackets are binary protobuf)
     * @param mayPublishData the sender's {@code canPublishData} grant
     */
    @SuppressWarnings("deprecation") // UserPacket's sender and destination fields: what livekit-client 2.x still uses
    static Decision decide(byte[] data, boolean binary, boolean mayPublishData, String identity, String sid) {
        if (!binary) {
            return Decision.drop("not_binary");
        }
        if (!mayPublishData) {
            return Decision.drop("not_allowed");
        }
        DataPacket packet;
        try {
            packet = DataPacket.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return Decision.drop("malformed");
        }
        switch (packet.getValueCase()) {
            case VALUE_NOT_SET, SPEAKER, METRICS -> {
                return Decision.drop("not_relayed_" + packet.getValueCase().name().toLowerCase(Locale.ROOT));
            }
            default -> { }
        }
        DataPacket.Builder stamped = packet.toBuilder().setParticipantIdentity(identity).setParticipantSid(sid);
        if (packet.hasUser()) {
            stamped.getUserBuilder().setParticipantIdentity(identity).setParticipantSid(sid);
        }
        List<String> to = packet.getDestinationIdentitiesList().isEmpty() && packet.hasUser()
                ? packet.getUser().getDestinationIdentitiesList() : packet.getDestinationIdentitiesList();
        return new Decision(new Relay(stamped.build().toByteArray(), List.copyOf(to)), null);
    }
}
