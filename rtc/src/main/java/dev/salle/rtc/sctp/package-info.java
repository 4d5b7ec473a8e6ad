/**
 * WebRTC data channels: SCTP over DTLS (RFC 8261) on libusrsctp in AF_CONN mode, with the data
 * channel protocol (RFC 8831) and its establishment protocol DCEP (RFC 8832).
 *
 * <p>{@link dev.salle.rtc.sctp.SctpAssociation} is one association per DTLS session;
 * {@link dev.salle.rtc.sctp.DataChannel} one channel on it; {@link dev.salle.rtc.sctp.DcepCodec}
 * the DCEP wire format. The native library is process-global; see
 * {@link dev.salle.rtc.sctp.internal.UsrsctpStack}.
 */
package dev.salle.rtc.sctp;
