/**
 * LiveKit signalling on the WebSocket: frames to and from protobuf messages, the {@code /rtc}
 * query parameters, participant/track/room ids, and the pieces of a v0 {@code JoinResponse}.
 *
 * <p>Each binary WebSocket frame holds one protobuf message: {@code livekit.SignalRequest} from
 * client to server, {@code livekit.SignalResponse} back ({@code livekit_rtc.proto}, generated in
 * the {@code livekit-proto} module). {@link dev.salle.rtc.signal.SignalCodec} turns a bad frame
 * into a {@link dev.salle.rtc.signal.SignalDecodeException} with a reason and changes nothing
 * else; {@link dev.salle.rtc.signal.RtcConnectParams} does the same for the connect URL.
 */
package dev.salle.rtc.signal;
