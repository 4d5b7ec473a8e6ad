package dev.salle.fleet.lease;

import java.util.Objects;

/**
 * One leader's term: who holds the lease and its epoch. The pair is the fence: a write made for a
 * term checks, in its own transaction, that the lease row still names this holder and this epoch
 * ({@link LeaderLease#requireHeld}). Holders are unique per running manager, so a term is never
 * handed out twice, even if the row was lost and made again.
 *
 * @param holder the manager that leads
 * @param epoch the term's number, one more than the term before it
 */
public record Term(String holder, long epoch) {

    public Term {
        Objects.requireNonNull(holder, "holder");
        if (holder.isBlank() || holder.length() > LeaderLease.MAX_HOLDER) {
            throw new IllegalArgumentException("a lease holder is 1 to " + LeaderLease.MAX_HOLDER + " characters, not '" + holder + "'");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("a term's epoch starts at 1, not " + epoch);
        }
    }

    @Override
    public String toString() {
        return holder + " (term " + epoch + ")";
    }
}
