package dirtyproof.run;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns the steps a sampling back-end saw into a counterexample that replays. Lincheck at memory granularity
 * and jcstress on real threads report each step after taking it, so two steps of different threads may be
 * reported in the opposite order of their effects; the order within one actor is exact. This search looks
 * for an interleaving of the actors' own sequences that stays as close as possible to the reported order
 * (fewest departures from it, at most {@value #MAX_DEPARTURES}) and that, replayed deterministically on a
 * fresh migration with {@link ScheduleDriver#replay}, takes every step as enabled and ends with the lost
 * writes the caller asks for. That replay is the counterexample.
 */
public final class Reorder {

    public static final int MAX_DEPARTURES = 4;
    private static final int MAX_NODES = 200_000;

    private final Supplier<Migration> fresh;
    private final Predicate<List<LostWrite>> wanted;
    private final List<List<Event>> byActor = new ArrayList<>();
    private final List<List<Integer>> position = new ArrayList<>();
    private int nodes;

    private Reorder(Supplier<Migration> fresh, List<Event> reported, Predicate<List<LostWrite>> wanted) {
        this.fresh = fresh;
        this.wanted = wanted;
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < reported.size(); i++) {
            Event e = reported.get(i);
            int a = index.computeIfAbsent(e.actor(), k -> {
                byActor.add(new ArrayList<>());
                position.add(new ArrayList<>());
                return byActor.size() - 1;
            });
            byActor.get(a).add(e);
            position.get(a).add(i);
        }
    }

    /**
     * A replayed run whose lost writes satisfy {@code wanted}, or null when no interleaving within the search
     * bounds does. The reported order itself is tried first (zero departures).
     *
     * @param fresh    a new migration of the variant exactly as the back-end ran it
     * @param reported the events in the order they were reported
     */
    public static Run find(Supplier<Migration> fresh, List<Event> reported, Predicate<List<LostWrite>> wanted) {
        Reorder t = new Reorder(fresh, reported, wanted);
        for (int d = 0; d <= MAX_DEPARTURES; d++) {
            List<Event> found = t.search(new ArrayList<>(), new int[t.byActor.size()], d, fresh.get());
            if (found != null) {
                return ScheduleDriver.replay(fresh.get(), found);
            }
            if (t.nodes > MAX_NODES) {
                return null;
            }
        }
        return null;
    }

    /** The migration after the prefix, replayed from the start; null if some step is not enabled. */
    private Migration rebuild(List<Event> prefix) {
        Migration mig = fresh.get();
        for (Event e : prefix) {
            if (!mig.take(e)) {
                return null;
            }
        }
        return mig;
    }

    /**
     * Depth-first over interleavings; {@code mig} is the migration after {@code prefix} (consumed). A step that
     * is not enabled changes nothing (every take is atomic), so candidates are tried on the same machine until
     * one is taken.
     */
    private List<Event> search(List<Event> prefix, int[] next, int departures, Migration mig) {
        if (++nodes > MAX_NODES || mig == null) {
            return null;
        }
        List<Integer> order = choices(next);
        if (order.isEmpty()) {
            return mig.finished() && wanted.test(mig.lostWrites()) ? prefix : null;
        }
        Migration cur = mig;
        boolean firstEnabled = true;
        for (int k = 0; k < order.size(); k++) {
            // departing from the reported order: taking a step while an earlier-reported one is enabled
            int cost = k == 0 || (k == 1 && !firstEnabled) ? 0 : 1;
            if (cost > departures) {
                continue;
            }
            if (cur == null) {
                cur = rebuild(prefix);
                if (cur == null) {
                    return null;
                }
            }
            int a = order.get(k);
            Event e = byActor.get(a).get(next[a]);
            if (!cur.take(e)) {
                if (k == 0) {
                    firstEnabled = false;
                }
                continue;
            }
            prefix.add(e);
            next[a]++;
            List<Event> r = search(prefix, next, departures - cost, cur);
            if (r != null) {
                return r;
            }
            cur = null;
            next[a]--;
            prefix.remove(prefix.size() - 1);
            if (nodes > MAX_NODES) {
                return null;
            }
        }
        return null;
    }

    /** Actors with events left, earliest-reported next event first. */
    private List<Integer> choices(int[] next) {
        List<Integer> r = new ArrayList<>();
        for (int a = 0; a < byActor.size(); a++) {
            if (next[a] < byActor.get(a).size()) {
                r.add(a);
            }
        }
        r.sort((x, y) -> Integer.compare(position.get(x).get(next[x]), position.get(y).get(next[y])));
        return r;
    }
}
