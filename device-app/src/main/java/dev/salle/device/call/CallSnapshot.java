package dev.salle.device.call;

import java.time.Instant;

/**
 * The call as it is at one instant.
 *
 * @param state the state
 * @param muted whether the room's microphone is muted (only ever true in a call)
 * @param meeting the meeting joined or being joined; empty when idle
 * @param message what the screen says about it: an error's cause, or empty
 * @param since when the state was entered
 * @param cause what caused the last transition, e.g. "button", "fleet", "join timed out"
 * @param cameraOff whether the room's camera is off: nothing of it is sent and the self-view is
 *                  black with a notice; kept from call to call until turned on again
 */
public record CallSnapshot(CallState state, boolean muted, String meeting, String message, Instant since,
                           String cause, boolean cameraOff) {}
