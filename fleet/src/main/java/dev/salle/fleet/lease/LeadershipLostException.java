package dev.salle.fleet.lease;

/**
 * A write made for a term that no longer holds the lease: another manager took it over (this one
 * paused or lost the database for longer than the lease), or the lease was released. The write
 * was rolled back; the caller stops acting as the leader.
 */
public final class LeadershipLostException extends IllegalStateException {

    private final Term term;

    public LeadershipLostException(Term term, String what) {
        super("cannot " + what + ": " + term + " no longer leads this fleet's database; another manager took over");
        this.term = term;
    }

    /** The term that was fenced off. */
    public Term term() {
        return term;
    }
}
