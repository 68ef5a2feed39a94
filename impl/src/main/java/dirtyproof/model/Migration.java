package dirtyproof.model;

import dirtyproof.family.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A protocol instance under migration: the machine, its actors, and the oracle. The migration side runs
 * {@code rounds} live rounds, then the final round with vCPUs paused; then {@link #lostWrites()} checks
 * NoLostWrite: dest[p] = mem[p] for every page. Back-ends see a family's migration only through this
 * interface.
 */
public interface Migration {

    Machine machine();

    /** vCPUs first (vcpu0, vcpu1, ...), then the host writer if any, then the migration side's actors. */
    List<Actor> actors();

    /**
     * Sets a listener called with every event an actor takes, right after the step (from the taking thread;
     * it must be thread-safe when actors run on several threads). Null removes it.
     */
    void setListener(Consumer<Event> listener);

    /**
     * The variables of the migration under their TLA+ names (the machine's and the family's), as Long,
     * Boolean, String, Set, Map (functions and records) and List (sequences) values: what a TLC trace state is
     * compared with after each replayed step.
     */
    Map<String, Object> observe();

    /** What the event just taken changed, in a few words for the trace columns; {@code before} is {@link #observe()} before it. */
    String note(Event e, Map<String, Object> before);

    /**
     * Performs one blocking operation (Lincheck's and jcstress's threads): spins while a step is not enabled.
     * Returns false when the operation has nothing to do (out of writes, paused).
     *
     * @throws IllegalArgumentException for an operation this migration does not know
     */
    boolean perform(Op op);

    /** The actor with this name, or null. */
    default Actor actor(String name) {
        for (Actor a : actors()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Every event some actor may take now. */
    default List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        for (Actor a : actors()) {
            r.addAll(a.enabled());
        }
        return r;
    }

    /** Routes the event to its actor; false when the actor does not exist or the event is not enabled. */
    default boolean take(Event e) {
        Actor a = actor(e.actor());
        return a != null && a.take(e);
    }

    /** True once the final round's last page was sent. */
    boolean finished();

    /**
     * NoLostWrite, checked once {@link #finished()}: every page whose destination copy differs from guest
     * memory, ascending. Empty means no write was lost.
     */
    default List<LostWrite> lostWrites() {
        if (!finished()) {
            throw new IllegalStateException("NoLostWrite is decided after the final round; the migration is not finished");
        }
        Machine m = machine();
        List<LostWrite> r = new ArrayList<>();
        for (int p = 0; p < m.bounds.pages(); p++) {
            int mem = m.mem.get(p);
            int dest = m.dest.get(p);
            if (mem != dest) {
                r.add(new LostWrite(p, mem, dest));
            }
        }
        return r;
    }
}
