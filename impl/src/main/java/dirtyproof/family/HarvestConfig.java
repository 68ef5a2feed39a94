package dirtyproof.family;

import dirtyproof.variant.Choice;
import dirtyproof.variant.KeyReader;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The keys of a bitmap family whose harvest is a list of steps (get-log, clear-log, srcu-swap, switch-log):
 * {@code harvest}, the steps in the order they are done, and {@code mmu-lock}, the harvest steps done under
 * mmu_lock (a maximal run of neighbours in harvest is one critical section). A family's config record has the
 * two as its components and adds its own keys.
 *
 * @param <E> the family's harvest steps
 */
public interface HarvestConfig<E extends Enum<E> & Choice> extends FamilyConfig {

    /** The harvest steps, in the order they are done. */
    List<E> harvest();

    /** The harvest steps done under mmu_lock. */
    Set<E> mmuLock();

    /** True when the harvest step runs under mmu_lock. */
    default boolean locked(E s) {
        return mmuLock().contains(s);
    }

    /** The mmu-lock steps in harvest order. */
    default List<E> lockedInOrder() {
        List<E> r = new ArrayList<>();
        for (E h : harvest()) {
            if (mmuLock().contains(h)) {
                r.add(h);
            }
        }
        return r;
    }

    /** harvest and mmu-lock as a variant file writes them; the family puts its own keys after them. */
    default Map<String, Object> harvestKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("harvest", KeyReader.idList(harvest()));
        m.put("mmu-lock", KeyReader.idList(lockedInOrder()));
        return m;
    }

    /** The set a config record keeps as its mmu-lock: unmodifiable, a copy of the one given. */
    static <E extends Enum<E>> Set<E> copyOf(Set<E> mmuLock) {
        return mmuLock.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mmuLock));
    }

    /**
     * Reads {@code mmu-lock}: every step it lists must be in {@code harvest}, and lockable; an absent key takes
     * the default's steps that are in harvest.
     *
     * @param harvest  the variant's harvest, as read
     * @param dflt     the family's default mmu-lock
     * @param lockable the steps that may hold mmu_lock
     * @param why      why the others may not, as the message says it after "cannot hold mmu_lock" (the valid
     *                 ones follow it)
     */
    static <E extends Enum<E> & Choice> Set<E> parseMmuLock(KeyReader c, Class<E> type, List<E> harvest, Set<E> dflt,
                                                            Predicate<E> lockable, String why) {
        Set<E> mmuLock = EnumSet.noneOf(type);
        if (c.has("mmu-lock")) {
            for (E s : c.steps("mmu-lock", type, List.of())) {
                if (!harvest.contains(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' is not in harvest " + KeyReader.idList(harvest)
                            + "; mmu-lock lists the harvest steps done under mmu_lock");
                }
                if (!lockable.test(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' cannot hold mmu_lock" + why + "; valid: "
                            + EnumSet.allOf(type).stream().filter(lockable).map(Choice::id)
                            .collect(Collectors.joining(", ")));
                }
                mmuLock.add(s);
            }
        } else {
            for (E s : dflt) {
                if (harvest.contains(s)) {
                    mmuLock.add(s);
                }
            }
        }
        return mmuLock;
    }

    /** {@link #parseMmuLock} for a harvest whose every step may hold mmu_lock. */
    static <E extends Enum<E> & Choice> Set<E> parseMmuLock(KeyReader c, Class<E> type, List<E> harvest, Set<E> dflt) {
        return parseMmuLock(c, type, harvest, dflt, s -> true, "");
    }
}
