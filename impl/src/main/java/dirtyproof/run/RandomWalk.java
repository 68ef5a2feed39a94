package dirtyproof.run;

import dirtyproof.model.Event;
import dirtyproof.model.Migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random schedules: at each step one enabled event, chosen at random, is taken on the calling thread.
 * A cheap search for a lost write that needs no external tool; every run it finds is an explicit schedule
 * that {@link ScheduleDriver} replays exactly.
 */
public final class RandomWalk {

    private RandomWalk() {
    }

    /** One random run to the end of the final round. */
    public static Run walk(Migration mig, Random rnd) {
        List<Event> taken = new ArrayList<>();
        while (!mig.finished()) {
            List<Event> en = mig.enabled();
            if (en.isEmpty()) {
                throw new IllegalStateException("deadlock: no actor can step: " + mig);
            }
            Event e = en.get(rnd.nextInt(en.size()));
            if (!mig.take(e)) {
                throw new IllegalStateException("listed as enabled but not taken: " + e + "\n" + mig);
            }
            taken.add(e);
        }
        return new Run(mig, taken, List.of(), List.of(), mig.lostWrites());
    }

    /** Up to {@code runs} random runs; the first one that loses a write, or null. */
    public static Run search(Supplier<Migration> fresh, int runs, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < runs; i++) {
            Run r = walk(fresh.get(), rnd);
            if (r.lostWrite()) {
                return r;
            }
        }
        return null;
    }
}
