package dirtyproof.lincheck;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Reorder;
import dirtyproof.run.Run;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays the steps of a Lincheck execution as an explicit schedule on a fresh migration of the variant, to
 * say whether the schedule alone loses the same write ({@link Reorder}: the recorded order first, then
 * the fewest departures from it).
 *
 * <p>With step granularity (the default) each {@code take} is atomic under Lincheck, so the listener saw
 * the steps in the order of their effects and the recorded order replays as it is. With memory granularity
 * a thread may be switched out between a step and its report to the listener, so the recorded order can
 * differ from the order of effects; the reorder search finds an order that replays.
 */
public final class Replay {

    /** The outcome: the replayed run (null when none reproduced the lost write) and what was done. */
    public record Result(Run run, String note) {
        public boolean reproduced() {
            return run != null;
        }
    }

    private Replay() {
    }

    public static Result of(Variant variant, List<Event> events, List<LostWrite> lost) {
        Run run = Reorder.find(() -> variant.family().start(variant), events, lost::equals);
        if (run == null) {
            return new Result(null, "no interleaving of the " + events.size() + " recorded steps within "
                    + Reorder.MAX_DEPARTURES + " departures from their order replays to the same lost write");
        }
        boolean same = run.events().equals(events);
        return new Result(run, (same ? "ScheduleDriver.replay of these " + events.size() + " steps"
                : "reordered (each actor's steps in their own order), ScheduleDriver.replay")
                + " loses the same write: " + describe(lost));
    }

    static String describe(List<LostWrite> lost) {
        List<String> r = new ArrayList<>();
        for (LostWrite l : lost) {
            r.add("p" + l.page() + " mem=" + l.mem() + " dest=" + l.dest());
        }
        return String.join(", ", r);
    }
}
