package dev.salle.fleet.console;

/** What a console user may do: each role may do everything the ones before it may. */
public enum Role {
    /** See devices, rollouts and the audit log. */
    VIEWER,
    /** Also start and control rollouts (and upload the bundles they roll out), send commands. */
    OPERATOR,
    /** Also manage users. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
