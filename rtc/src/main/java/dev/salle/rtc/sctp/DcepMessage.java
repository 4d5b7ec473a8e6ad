package dev.salle.rtc.sctp;

/**
 * A Data Channel Establishment Protocol message
 * (<a href="https://www.rfc-editor.org/rfc/rfc8832#section-5">RFC 8832 §5</a>), carried on the
 * channel's own stream with PPID 50.
 */
public sealed interface DcepMessage {

    /**
     * DATA_CHANNEL_OPEN (type 0x03): asks the peer to open a channel on this stream.
     *
     * @param reliability from the channel type and reliability parameter
     * @param priority the priority field (0..65535), carried but not used for scheduling
     * @param label the channel's name, UTF-8, may be empty
     * @param protocol the subprotocol, UTF-8, may be empty
     */
    record Open(ChannelReliability reliability, int priority, String label, String protocol) implements DcepMessage {
        public Open {
            if (reliability == null || label == null || protocol == null) {
                throw new IllegalArgumentException("DATA_CHANNEL_OPEN needs a reliability, a label and a protocol (may be empty)");
            }
            if (priority < 0 || priority > 0xFFFF) {
                throw new IllegalArgumentException("DATA_CHANNEL_OPEN priority " + priority + " is not 0..65535");
            }
        }
    }

    /** DATA_CHANNEL_ACK (type 0x02): the peer opened the channel. */
    record Ack() implements DcepMessage {}
}
