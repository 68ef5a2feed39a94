package dirtyproof.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A protocol instance under migration: the machine, its actors, and the oracle. The harvester runs
 * {@code rounds} live rounds, then the final round with vCPUs paused; then {@link #lostWrites()} checks
 * NoLostWrite: dest[p] = mem[p] for every page.
 */
public interface Migration {

    Machine machine();

    /** vCPUs first (vcpu0, vcpu1, ...), then the host writer if any, then the harvester. */
    List<Actor> actors();

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
