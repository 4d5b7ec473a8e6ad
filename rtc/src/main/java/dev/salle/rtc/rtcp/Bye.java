package dev.salle.rtc.rtcp;

import java.util.List;

/**
 * Goodbye (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.6">RFC 3550 section 6.6</a>).
 *
 * @param ssrcs the sources leaving
 * @param reason the optional reason, {@code ""} when absent
 */
public record Bye(List<Long> ssrcs, String reason) implements RtcpMessage {

    /** Copies the sources. */
    public Bye {
        ssrcs = List.copyOf(ssrcs);
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.BYE;
    }
}
