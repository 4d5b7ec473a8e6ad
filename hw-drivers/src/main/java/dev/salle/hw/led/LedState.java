package dev.salle.hw.led;

/**
 * What the status LED tells the room. Each state is a colour and a pattern:
 *
 * <table>
 *   <caption>Status LED states</caption>
 *   <tr><th>state</th><th>colour</th><th>pattern</th><th>meaning</th></tr>
 *   <tr><td>IDLE</td><td>dim white #202020</td><td>solid</td><td>ready, not in a call</td></tr>
 *   <tr><td>JOINING</td><td>green #00c000</td><td>blink slow (1 Hz)</td><td>joining a call</td></tr>
 *   <tr><td>IN_CALL</td><td>green #00c000</td><td>solid</td><td>in a call, microphones live</td></tr>
 *   <tr><td>MUTED</td><td>red #ff0000</td><td>solid</td><td>in a call, microphones muted</td></tr>
 *   <tr><td>ERROR</td><td>red #ff0000</td><td>blink fast (4 Hz)</td><td>needs attention; the screen says why</td></tr>
 *   <tr><td>PROVISIONING</td><td>blue #0040ff</td><td>pulse (2 s)</td><td>waiting to be enrolled</td></tr>
 *   <tr><td>UPDATING</td><td>amber #ffa000</td><td>pulse (2 s)</td><td>installing an update; do not unplug</td></tr>
 *   <tr><td>IDENTIFY</td><td>white #ffffff</td><td>blink fast (4 Hz)</td><td>"which box is this?", for a limited time</td></tr>
 * </table>
 *
 * <p>Red is kept for "the room cannot hear you" and errors, so a muted room is obvious.
 */
public enum LedState {
    IDLE(new LedColour(0x20, 0x20, 0x20), LedPattern.SOLID),
    JOINING(new LedColour(0x00, 0xc0, 0x00), LedPattern.BLINK_SLOW),
    IN_CALL(new LedColour(0x00, 0xc0, 0x00), LedPattern.SOLID),
    MUTED(new LedColour(0xff, 0x00, 0x00), LedPattern.SOLID),
    ERROR(new LedColour(0xff, 0x00, 0x00), LedPattern.BLINK_FAST),
    PROVISIONING(new LedColour(0x00, 0x40, 0xff), LedPattern.PULSE),
    UPDATING(new LedColour(0xff, 0xa0, 0x00), LedPattern.PULSE),
    /** Shown only during {@link StatusLed#identify(java.time.Duration)}; {@code show(IDENTIFY)} is refused. */
    IDENTIFY(new LedColour(0xff, 0xff, 0xff), LedPattern.BLINK_FAST);

    private final LedColour colour;
    private final LedPattern pattern;

    LedState(LedColour colour, LedPattern pattern) {
        this.colour = colour;
        this.pattern = pattern;
    }

    public LedColour colour() {
        return colour;
    }

    public LedPattern pattern() {
        return pattern;
    }
}
