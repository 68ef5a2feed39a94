package dirtyproof.check;

import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's own test of a counterexample: does it replay, step by step, on a fresh Java migration of the
 * variant ({@link ScheduleDriver#replay}) to the same lost writes? A back-end says it replayed its trace
 * ({@link dirtyproof.backend.BackendResult#replayed}); the checker does it again through the family, so that a
 * lost write is decided by the implementation, whoever found it.
 *
 * <p>A sampling back-end may have run the variant with more writes than its bound (jcstress's bursts): the
 * replay raises the {@code writes} bound to the most writes any one actor takes in the trace, and says so.
 * More writes allowed changes no step of an explicit schedule; the lost write is the protocol's.
 */
public final class Replays {

    private Replays() {
    }

    /** Null when the counterexample replays to the same lost writes, else why not. */
    public static String problem(Variant v, Counterexample cx) {
        if (cx == null || cx.events().isEmpty()) {
            return "no steps to replay";
        }
        if (cx.lost().isEmpty()) {
            return "the counterexample names no lost write";
        }
        Variant at = withWritesFor(v, cx.events());
        Run run;
        try {
            Migration mig = at.family().start(at);
            run = ScheduleDriver.replay(mig, cx.events());
        } catch (RuntimeException e) {
            return "the checker's replay in Java fails: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (!run.lost().equals(cx.lost())) {
            return "the checker's replay in Java loses " + (run.lost().isEmpty() ? "nothing" : run.lost())
                    + ", not " + cx.lost();
        }
        return null;
    }

    /** The variant, with its writes bound raised to the most writes one actor takes in the events. */
    static Variant withWritesFor(Variant v, List<Event> events) {
        Map<String, Integer> writes = new HashMap<>();
        for (Event e : events) {
            if (e.step() == Step.GUEST_WRITE || e.step() == Step.HOST_WRITE) {
                writes.merge(e.actor(), 1, Integer::sum);
            }
        }
        int most = writes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return most <= v.bounds().writes() ? v : v.withBounds(v.bounds().withWrites(most));
    }
}
