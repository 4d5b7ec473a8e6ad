/**
 * The JNA binding of libusrsctp ({@link dev.salle.rtc.sctp.internal.Usrsctp}) and the
 * process-global stack that owns its initialisation, connection ids and timer thread
 * ({@link dev.salle.rtc.sctp.internal.UsrsctpStack}). Not for use outside the {@code sctp} package.
 */
package dev.salle.rtc.sctp.internal;
