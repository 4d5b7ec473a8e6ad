package dev.salle.rtc.sctp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the usrsctp notifications the association subscribes to ({@code union sctp_notification},
 * <a href="https://www.rfc-editor.org/rfc/rfc6458#section-6.1">RFC 6458 §6.1</a>), which arrive in
 * host byte order. A notification that is too short for its type is ignored.
 */
final class SctpNotification {

    private static final int ASSOC_CHANGE = 0x0001;
    private static final int SEND_FAILED = 0x0004;
    private static final int STREAM_RESET_EVENT = 0x0009;
    private static final int SEND_FAILED_EVENT = 0x000e;
    private static final int COMM_UP = 0x0001;
    private static final int COMM_LOST = 0x0002;
    private static final int SHUTDOWN_COMP = 0x0004;
    private static final int CANT_STR_ASSOC = 0x0005;
    private static final int STREAM_RESET_INCOMING_SSN = 0x0001;
    private static final int STREAM_RESET_OUTGOING_SSN = 0x0002;
    private static final int STREAM_RESET_DENIED = 0x0004;
    private static final int STREAM_RESET_FAILED = 0x0008;
    private static final int STREAM_RESET_HEADER = 12;

    /** What a notification means to the association. */
    interface Handler {
        void up();

        void lost(String reason);

        void shutdownComplete();

        /** The peer reset these streams towards us: it closed their channels (RFC 8831 §6.7). */
        void incomingStreamsReset(int[] streamIds);

        /** Our reset of these outgoing streams finished (or was refused): they may carry a new channel. */
        void outgoingStreamsReset(int[] streamIds);

        void sendFailed();
    }

    private SctpNotification() {}

    static void dispatch(byte[] data, Handler handler) {
        if (data.length < 8) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int type = b.getShort(0) & 0xFFFF;
        int flags = b.getShort(2) & 0xFFFF;
        switch (type) {
            case ASSOC_CHANGE -> {
                if (data.length < 12) {
                    return;
                }
                int state = b.getShort(8) & 0xFFFF;
                int error = b.getShort(10) & 0xFFFF;
                switch (state) {
                    case COMM_UP -> handler.up();
                    case COMM_LOST -> handler.lost("SCTP association lost (peer aborted or stopped answering; error "
                            + error + ")");
                    case CANT_STR_ASSOC -> handler.lost("SCTP association could not start: the peer did not answer"
                            + " INIT (error " + error + "); check its a=sctp-port and that it runs SCTP over DTLS");
                    case SHUTDOWN_COMP -> handler.shutdownComplete();
                    default -> { }
                }
            }
            case STREAM_RESET_EVENT -> {
                if (data.length < STREAM_RESET_HEADER) {
                    return;
                }
                long length = Math.min(b.getInt(4) & 0xFFFF_FFFFL, data.length);
                int count = (int) Math.max(0, (length - STREAM_RESET_HEADER) / 2);
                int[] streams = new int[count];
                for (int i = 0; i < count; i++) {
                    streams[i] = b.getShort(STREAM_RESET_HEADER + 2 * i) & 0xFFFF;
                }
                boolean refused = (flags & (STREAM_RESET_DENIED | STREAM_RESET_FAILED)) != 0;
                if ((flags & STREAM_RESET_OUTGOING_SSN) != 0) {
                    handler.outgoingStreamsReset(streams);
                }
                if ((flags & STREAM_RESET_INCOMING_SSN) != 0 && !refused) {
                    handler.incomingStreamsReset(streams);
                }
            }
            case SEND_FAILED, SEND_FAILED_EVENT -> handler.sendFailed();
            default -> { }
        }
    }
}
