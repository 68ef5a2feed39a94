package dirtyproof.lincheck;

import dirtyproof.getlog.GetLog;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.run.ScheduleException;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the steps of a Lincheck execution as an explicit schedule ({@link ScheduleDriver#replay}) on a
 * fresh {@link GetLog}, to say whether the schedule alone loses the same write.
 *
 * <p>With step granularity (the default) each {@code take} is atomic under Lincheck, so the listener saw
 * the steps in the order of their effects and the recorded order replays as it is. With memory granularity
 * a thread may be switched out between a step and its report to the listener, so the recorded order can
 * differ from the order of effects; then the steps are reordered, keeping each actor's own order, by a
 * bounded search that prefers the recorded order, until a schedule replays to the same lost writes.
 */
public final class Replay {

    /** The outcome: the replayed run (null when none reproduced the lost write) and what was done. */
    public record Result(Run run, boolean reordered, String note) {
        public boolean reproduced() {
            return run != null;
        }
    }

    private static final int SEARCH_LIMIT = 20_000;

    private Replay() {
    }

    public static Result of(Variant variant, List<Event> events, List<LostWrite> lost) {
        String first;
        try {
            Run run = ScheduleDriver.replay(new GetLog(variant), events);
            if (run.lost().equals(lost)) {
                return new Result(run, false, "ScheduleDriver.replay of these " + events.size()
                        + " steps loses the same write: " + describe(lost));
            }
            first = "replayed in the recorded order it loses " + (run.lost().isEmpty() ? "nothing" : describe(run.lost()));
        } catch (ScheduleException | IllegalStateException e) {
            first = "the recorded order does not replay (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        Search s = new Search(variant, events, lost);
        List<Event> found = s.find();
        if (found != null) {
            Run run = ScheduleDriver.replay(new GetLog(variant), found);
            return new Result(run, true, first + "; reordered (each actor's steps in their own order), "
                    + "ScheduleDriver.replay loses the same write: " + describe(lost));
        }
        return new Result(null, false, first + "; no reordering of the steps within " + SEARCH_LIMIT
                + " tries replays to the same lost write");
    }

    static String describe(List<LostWrite> lost) {
        List<String> r = new ArrayList<>();
        for (LostWrite l : lost) {
            r.add("p" + l.page() + " mem=" + l.mem() + " dest=" + l.dest());
        }
        return String.join(", ", r);
    }

    /** Depth-first search over merges of the actors' step sequences, recorded order first. */
    private static final class Search {
        private final Variant variant;
        private final List<Event> recorded;
        private final List<LostWrite> lost;
        private final Map<String, List<Event>> perActor = new LinkedHashMap<>();
        private int tries;

        Search(Variant variant, List<Event> recorded, List<LostWrite> lost) {
            this.variant = variant;
            this.recorded = recorded;
            this.lost = lost;
            for (Event e : recorded) {
                perActor.computeIfAbsent(e.actor(), k -> new ArrayList<>()).add(e);
            }
        }

        List<Event> find() {
            return dfs(new ArrayList<>(), new LinkedHashMap<>());
        }

        private List<Event> dfs(List<Event> prefix, Map<String, Integer> taken) {
            if (++tries > SEARCH_LIMIT) {
                return null;
            }
            if (prefix.size() == recorded.size()) {
                try {
                    Run run = ScheduleDriver.replay(new GetLog(variant), prefix);
                    return run.lost().equals(lost) ? new ArrayList<>(prefix) : null;
                } catch (ScheduleException | IllegalStateException e) {
                    return null;
                }
            }
            for (String actor : order(prefix, taken)) {
                int i = taken.getOrDefault(actor, 0);
                prefix.add(perActor.get(actor).get(i));
                taken.put(actor, i + 1);
                if (enabled(prefix)) {
                    List<Event> r = dfs(prefix, taken);
                    if (r != null) {
                        return r;
                    }
                }
                taken.put(actor, i);
                prefix.remove(prefix.size() - 1);
                if (tries > SEARCH_LIMIT) {
                    return null;
                }
            }
            return null;
        }

        /** The actors with steps left: first the one whose step comes next in the recorded order. */
        private List<String> order(List<Event> prefix, Map<String, Integer> taken) {
            List<String> r = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (Event e : recorded) {
                int n = seen.merge(e.actor(), 1, Integer::sum);
                if (n > taken.getOrDefault(e.actor(), 0) && !r.contains(e.actor())) {
                    r.add(e.actor());
                }
            }
            return r;
        }

        /** True when every step of the prefix is enabled in turn on a fresh migration. */
        private boolean enabled(List<Event> prefix) {
            GetLog mig = new GetLog(variant);
            for (Event e : prefix) {
                if (!mig.take(e)) {
                    return false;
                }
            }
            return true;
        }
    }
}
