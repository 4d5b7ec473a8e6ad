package dev.salle.hw.display;

/** The display's power state as HDMI-CEC reports it (or as we last set it). */
public enum PowerState {
    ON,
    STANDBY,
    /** Between standby and on, in either direction. */
    TRANSITIONING,
    /** Never asked, or the display did not answer. */
    UNKNOWN
}
