package dirtyproof.jcstress;

import dirtyproof.getlog.GetLog;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the events a losing jcstress sample reported into a counterexample that replays.
 *
 * <p>The forked JVM stamps each event when its actor reports it, right after the step; two steps of different
 * threads may therefore be reported in the opposite order of their effects (a thread preempted between a step
 * and its report is exactly what opens the windows jcstress finds). The order within one actor is exact. This
 * class looks for an interleaving of the actors' own sequences that stays as close as possible to the
 * reported order (fewest departures from it, at most {@value #MAX_DEPARTURES}) and that, replayed
 * deterministically on a fresh {@link GetLog} with {@link ScheduleDriver#replay}, takes every step as enabled
 * and ends with the same page lost. That replay is the counterexample; its notes show what each step did.
 */
final class TraceReplay {

    static final int MAX_DEPARTURES = 4;
    private static final int MAX_NODES = 200_000;

    private final Variant variant;
    private final List<List<Event>> byActor = new ArrayList<>();
    private final List<List<Integer>> position = new ArrayList<>();
    private final int lostPage;
    private int nodes;

    private TraceReplay(Variant variant, List<Event> reported, int lostPage) {
        this.variant = variant;
        this.lostPage = lostPage;
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
     * A replayed run losing {@code lostPage}, or null when none was found within the search bounds.
     *
     * @param variant  the variant exactly as the forked JVM ran it (bounds raised for the burst)
     * @param reported the events in the order they were reported
     */
    static Run replay(Variant variant, List<Event> reported, int lostPage) {
        TraceReplay t = new TraceReplay(variant, reported, lostPage);
        for (int d = 0; d <= MAX_DEPARTURES; d++) {
            List<Event> found = t.search(new ArrayList<>(), new int[t.byActor.size()], d, new GetLog(variant));
            if (found != null) {
                return ScheduleDriver.replay(new GetLog(variant), found);
            }
            if (t.nodes > MAX_NODES) {
                return null;
            }
        }
        return null;
    }

    /** The migration after the prefix, replayed from the start; null if some step is not enabled. */
    private GetLog rebuild(List<Event> prefix) {
        GetLog kvm = new GetLog(variant);
        for (Event e : prefix) {
            if (!kvm.take(e)) {
                return null;
            }
        }
        return kvm;
    }

    /**
     * Depth-first over interleavings; {@code kvm} is the migration after {@code prefix} (consumed). A step that
     * is not enabled changes nothing (every take is atomic), so candidates are tried on the same machine until
     * one is taken.
     */
    private List<Event> search(List<Event> prefix, int[] next, int departures, GetLog kvm) {
        if (++nodes > MAX_NODES || kvm == null) {
            return null;
        }
        List<Integer> order = choices(next);
        if (order.isEmpty()) {
            if (!kvm.finished()) {
                return null;
            }
            for (LostWrite l : kvm.lostWrites()) {
                if (l.page() == lostPage) {
                    return prefix;
                }
            }
            return null;
        }
        GetLog cur = kvm;
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
