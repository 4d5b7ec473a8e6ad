package dev.salle.rtc.rtcp;

/**
 * One parsed packet of an RTCP compound, see {@link RtcpParser}. Switch over the permitted records.
 */
public sealed interface RtcpMessage permits SenderReport, ReceiverReport, SourceDescription, Bye, GenericNack,
        PictureLossIndication, FullIntraRequest, Remb, TransportCcFeedback, UnknownRtcp {

    /** The RTCP packet type, see {@link RtcpPacketTypes}. */
    int packetType();
}
