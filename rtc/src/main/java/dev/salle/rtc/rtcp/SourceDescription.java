package dev.salle.rtc.rtcp;

import java.util.List;

/**
 * Source description (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.5">RFC 3550
 * section 6.5</a>): per chunk only the CNAME is kept, other items are skipped.
 *
 * @param chunks one per source
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpMessage {

    /** Copies the chunks. */
    public SourceDescription {
        chunks = List.copyOf(chunks);
    }

    /**
     * One SDES chunk.
     *
     * @param ssrc the source
     * @param cname its CNAME, or {@code ""} when the chunk has none
     */
    public record Chunk(long ssrc, String cname) {
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.SDES;
    }
}
