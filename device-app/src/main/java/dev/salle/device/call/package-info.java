/**
 * The call: the state machine that one button drives ({@code Idle → Joining → InCall → Leaving →
 * Idle}, plus {@code Error} and {@code Provisioning}), and the {@link dev.salle.device.call.RoomConnection}
 * it uses to reach a meeting.
 */
package dev.salle.device.call;
