package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import livekit.LivekitModels.ActiveSpeakerUpdate;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.UserPacket;
import org.junit.jupiter.api.Test;

class DataPacketsTest {

    @Test
    @SuppressWarnings("deprecation")
    void aUserPacketIsStampedWithItsRealSenderWhateverItClaims() throws Exception {
        byte[] forged = DataPacket.newBuilder().setParticipantIdentity("mallory").setParticipantSid("PA_other")
                .setUser(UserPacket.newBuilder().setPayload(ByteString.copyFromUtf8("hi")).setParticipantIdentity("mallory"))
                .build().toByteArray();

        DataPackets.Decision d = DataPackets.decide(forged, true, true, "alice", "PA_alice");

        DataPacket relayed = DataPacket.parseFrom(d.relay().packet());
        assertThat(relayed.getParticipantIdentity()).isEqualTo("alice");
        assertThat(relayed.getParticipantSid()).isEqualTo("PA_alice");
        assertThat(relayed.getUser().getParticipantIdentity()).isEqualTo("alice");
        assertThat(relayed.getUser().getPayload().toStringUtf8()).isEqualTo("hi");
        assertThat(d.relay().to()).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation")
    void destinationsComeFromThePacketOrItsUserPart() {
        byte[] top = DataPacket.newBuilder().addDestinationIdentities("bob")
                .setUser(UserPacket.newBuilder().setPayload(ByteString.copyFromUtf8("x"))).build().toByteArray();
        byte[] old = DataPacket.newBuilder()
                .setUser(UserPacket.newBuilder().addDestinationIdentities("carol")).build().toByteArray();

        assertThat(DataPackets.decide(top, true, true, "a", "PA_a").relay().to()).containsExactly("bob");
        assertThat(DataPackets.decide(old, true, true, "a", "PA_a").relay().to()).containsExactly("carol");
    }

    @Test
    @SuppressWarnings("deprecation")
    void badOrForbiddenInputIsDroppedWithItsReason() {
        byte[] user = DataPacket.newBuilder().setUser(UserPacket.newBuilder()).build().toByteArray();
        assertThat(DataPackets.decide(new byte[] {(byte) 0xFF, 0x01, 0x02}, true, true, "a", "PA_a").dropReason())
                .isEqualTo("malformed");
        assertThat(DataPackets.decide(user, false, true, "a", "PA_a").dropReason()).isEqualTo("not_binary");
        assertThat(DataPackets.decide(user, true, false, "a", "PA_a").dropReason()).isEqualTo("not_allowed");
        assertThat(DataPackets.decide(new byte[0], true, true, "a", "PA_a").dropReason())
                .isEqualTo("not_relayed_value_not_set");
        byte[] speaker = DataPacket.newBuilder().setSpeaker(ActiveSpeakerUpdate.getDefaultInstance()).build().toByteArray();
        assertThat(DataPackets.decide(speaker, true, true, "a", "PA_a").dropReason()).isEqualTo("not_relayed_speaker");
    }
}
