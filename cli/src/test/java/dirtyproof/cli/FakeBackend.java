package dirtyproof.cli;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only back-ends whose answers the test sets: they pin the CLI's verdict logic and exit codes. Answers, per
 * back-end name and variant name (missing = {@link Answer#SAMPLED}):
 * <ul>
 *   <li>{@code PROVED}: an exhaustive SAFE, as TLC gives;</li>
 *   <li>{@code SAMPLED}: a sampling SAFE, as Lincheck and jcstress give;</li>
 *   <li>{@code LOST}: a real lost write of the variant, found by seeded random walks of its Java migration, said
 *       to be replayed (the checker replays it again);</li>
 *   <li>{@code UNREPLAYED}: a lost write whose trace does not replay in Java;</li>
 *   <li>{@code INCONCLUSIVE}: the tool failed.</li>
 * </ul>
 */
public class FakeBackend implements Backend {

    enum Answer { PROVED, SAMPLED, LOST, UNREPLAYED, INCONCLUSIVE }

    static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

    /** How many times any fake back-end ran (tests that refuse input before running check it stays 0). */
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private final String name;

    public FakeBackend() {
        this("fake");
    }

    FakeBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BackendResult run(Variant v, BackendOptions options) {
        RUNS.incrementAndGet();
        Answer a = ANSWERS.getOrDefault(name + "/" + v.name(), Answer.SAMPLED);
        switch (a) {
            case PROVED:
                return BackendResult.safe(name, true, Map.of("states", 42), 0.25, "explored every state");
            case LOST: {
                Counterexample cx = walk(v);
                if (cx == null) {
                    return BackendResult.inconclusive(name, 0.1, "the fake's random walks found no lost write");
                }
                return BackendResult.unsafe(name, false, Map.of("samples", 7), 0.5, cx, true, "lost write");
            }
            case UNREPLAYED:
                return BackendResult.unsafe(name, true, Map.of("states", 7), 0.5, new Counterexample(List.of("vcpu0"),
                        List.of(Event.parse("vcpu0:guest-write(p0)")), List.of(""), List.of(new LostWrite(0, 1, 0))),
                        false, "spec and implementation disagree");
            case INCONCLUSIVE:
                return BackendResult.inconclusive(name, 0.1, "fake tool crashed");
            default:
                return BackendResult.safe(name, false, Map.of("samples", 4242), 0.25, "no lost write sampled");
        }
    }

    /** A lost write of the variant: seeded random walks of its migration, completed by the final round. */
    static Counterexample walk(Variant v) {
        Random rnd = new Random(12345);
        for (int i = 0; i < 20000; i++) {
            Migration mig = v.family().start(v);
            List<Event> schedule = new ArrayList<>();
            Migration probe = v.family().start(v);
            for (int k = 0; k < 60 && !probe.finished(); k++) {
                List<Event> en = probe.enabled();
                if (en.isEmpty()) {
                    break;
                }
                Event e = en.get(rnd.nextInt(en.size()));
                probe.take(e);
                schedule.add(e);
            }
            if (!probe.finished()) {
                continue;
            }
            if (!probe.lostWrites().isEmpty()) {
                Run run = ScheduleDriver.replay(mig, schedule);
                return run.counterexample();
            }
        }
        return null;
    }

    /** The second fake, to make back-ends disagree. */
    public static class Other extends FakeBackend {
        public Other() {
            super("fake2");
        }
    }

    /** A back-end that throws: the CLI must turn it into INCONCLUSIVE. */
    public static class Throwing extends FakeBackend {
        public Throwing() {
            super("throwing");
        }

        @Override
        public BackendResult run(Variant v, BackendOptions options) {
            throw new IllegalStateException("boom");
        }
    }
}
