package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.sctp.SctpAssociation;
import dev.salle.rtc.sctp.SctpConfig;
import dev.salle.rtc.sdp.MediaSection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the SCTP association of a connected peer connection (RFC 8841): our port from
 * {@link PeerConfig#sctpPort()}, the peer's from its {@code a=sctp-port} (5000 when absent),
 * message limits from both {@code a=max-message-size} values, packets as DTLS application data.
 */
final class DataChannelTransport {

    static final int DEFAULT_SCTP_PORT = 5000;
    private static final Logger log = LoggerFactory.getLogger(DataChannelTransport.class);

    private DataChannelTransport() {}

    /**
     * @return the started association, or empty when data channels were not negotiated or
     *     libusrsctp is unavailable (logged; media goes on)
     */
    static Optional<SctpAssociation> start(String peer, DtlsSession session, Optional<MediaSection> remoteData,
            PeerConfig config, PeerConnection.Listener listener) {
        if (config.sctpPort() == 0 || remoteData.isEmpty()) {
            return Optional.empty();
        }
        MediaSection data = remoteData.get();
        try {
            int remotePort = port(data);
            SctpConfig sctp = new SctpConfig(limit(config.maxMessageSizeBytes()), remoteLimit(data),
                    SctpConfig.DEFAULT_MAX_CHANNELS, Math.min(SctpConfig.DEFAULT_MTU, session.maxApplicationPayload()));
            SctpAssociation association = new SctpAssociation(packet -> send(session, packet), config.sctpPort(),
                    remotePort, session.srtp().role() == DtlsRole.CLIENT, sctp, forward(peer, listener));
            association.start();
            log.debug("peer {}: SCTP port {} -> {} started, limits {}", peer, config.sctpPort(), remotePort, sctp);
            return Optional.of(association);
        } catch (DtlsException | RuntimeException e) {
            log.warn("peer {}: data channels unavailable, media goes on: {}", peer, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean send(DtlsSession session, byte[] packet) {
        try {
            session.send(packet, 0, packet.length);
            return true;
        } catch (DtlsException e) {
            return false;
        }
    }

    private static int port(MediaSection data) {
        try {
            int port = data.sctpPort().orElse(DEFAULT_SCTP_PORT);
            return port == 0 ? DEFAULT_SCTP_PORT : port;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("remote a=sctp-port is not a port number: " + e.getMessage(), e);
        }
    }

    private static int remoteLimit(MediaSection data) {
        long advertised;
        try {
            advertised = data.maxMessageSize().orElse((long) SctpConfig.ABSENT_MAX_MESSAGE_BYTES);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("remote a=max-message-size is not a number: " + e.getMessage(), e);
        }
        return limit(advertised);
    }

    /** 0 means "any size" (RFC 8841 §6); we cap every limit at {@link SctpConfig#MAX_MESSAGE_BYTES_LIMIT}. */
    private static int limit(long bytes) {
        return bytes == 0 || bytes > SctpConfig.MAX_MESSAGE_BYTES_LIMIT ? SctpConfig.MAX_MESSAGE_BYTES_LIMIT : (int) bytes;
    }

    private static SctpAssociation.Listener forward(String peer, PeerConnection.Listener listener) {
        return new SctpAssociation.Listener() {
            @Override
            public void channelOpened(DataChannel channel) {
                listener.dataChannelOpened(channel);
            }

            @Override
            public void message(DataChannel channel, byte[] data, boolean binary) {
                listener.dataMessage(channel, data, binary);
            }

            @Override
            public void channelClosed(DataChannel channel) {
                listener.dataChannelClosed(channel);
            }

            @Override
            public void failed(String reason) {
                log.debug("peer {}: {}", peer, reason);
                listener.dataChannelsEnded(reason);
            }

            @Override
            public void closed() {
                listener.dataChannelsEnded("the peer shut the SCTP association down");
            }
        };
    }
}
