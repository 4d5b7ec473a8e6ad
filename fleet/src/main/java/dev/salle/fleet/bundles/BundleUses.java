package dev.salle.fleet.bundles;

import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rollouts send devices to each hosted bundle: those whose address ends in the bundle's file
 * name. What {@code bundles list} prints and the console's bundle list shows, and what {@code
 * bundles remove} checks.
 */
public final class BundleUses {

    /** A rollout in one of these may still send devices to its bundle (a halted one can be retried). */
    public static final Set<Rollout.State> UNFINISHED = Set.of(Rollout.State.RUNNING, Rollout.State.PAUSED,
            Rollout.State.HALTED);

    private BundleUses() {
    }

    /**
     * @return each bundle's SHA-256 → the rollouts that use it, in the store's order; bundles no rollout uses are absent
     */
    public static Map<String, List<Rollout>> of(List<HostedBundle> bundles, RolloutStore store) {
        Map<String, List<Rollout>> uses = new LinkedHashMap<>();
        for (Rollout r : store.all()) {
            String address = store.bundle(r.id()).map(Object::toString).orElse("");
            for (HostedBundle b : bundles) {
                if (address.endsWith("/" + b.fileName())) {
                    uses.computeIfAbsent(b.sha256(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        return uses;
    }
}
