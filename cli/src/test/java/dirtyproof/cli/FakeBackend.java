package dirtyproof.cli;

import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test-only back-ends whose answers the test sets: they pin the CLI's verdict logic and exit codes. */
public class FakeBackend implements Backend {

    /** Answers per back-end name and variant name; missing = SAFE. */
    static final Map<String, Verdict> ANSWERS = new ConcurrentHashMap<>();

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
        Verdict verdict = ANSWERS.getOrDefault(name + "/" + v.name(), Verdict.SAFE);
        switch (verdict) {
            case UNSAFE:
                return BackendResult.unsafe(name, false, Map.of("states", 7), 0.5, new Counterexample(List.of("vcpu0"),
                        List.of(Event.parse("vcpu0:guest-write(p0)")), List.of(""), List.of(new LostWrite(0, 1, 0))),
                        "lost write");
            case INCONCLUSIVE:
                return BackendResult.inconclusive(name, 0.1, "fake tool crashed");
            default:
                return BackendResult.safe(name, false, Map.of("states", 42), 0.25, "explored");
        }
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
