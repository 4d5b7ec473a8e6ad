package dev.salle.rtc.rtcp;

/**
 * RTCP packet types (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-12.1">RFC 3550
 * section 12.1</a>, <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585 section
 * 6.1</a>) and the feedback message types (FMT) used here.
 */
public final class RtcpPacketTypes {

    /** Sender report. */
    public static final int SR = 200;
    /** Receiver report. */
    public static final int RR = 201;
    /** Source description. */
    public static final int SDES = 202;
    /** Goodbye. */
    public static final int BYE = 203;
    /** Application-defined. */
    public static final int APP = 204;
    /** Transport-layer feedback. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback. */
    public static final int PSFB = 206;
    /** Extended report (RFC 3611). */
    public static final int XR = 207;

    /** RTPFB FMT 1: generic NACK (RFC 4585 section 6.2.1). */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT 1: picture loss indication (RFC 4585 section 6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB FMT 4: full intra request (RFC 5104 section 4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB FMT 15: application layer feedback, used by REMB. */
    public static final int FMT_AFB = 15;

    private RtcpPacketTypes() {
    }
}
