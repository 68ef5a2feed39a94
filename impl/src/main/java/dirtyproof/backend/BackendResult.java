package dirtyproof.backend;

import dirtyproof.model.Counterexample;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One back-end's answer for one variant, as the JSON report carries it:
 * {@code {"verdict", "exhaustive", "replayed", "explored", "seconds", "trace", "reason"}}.
 *
 * @param backend        tlc, lincheck or jcstress
 * @param verdict        SAFE, UNSAFE or INCONCLUSIVE
 * @param exhaustive     true when the back-end explored every behaviour within the bounds (TLC): its SAFE is a
 *                       proof within them; false for the sampling back-ends
 * @param explored       what was explored, in the tool's own counters: distinct states and depth (tlc),
 *                       scenarios and invocations (lincheck), samples and forbidden samples (jcstress)
 * @param seconds        wall-clock time of the check
 * @param counterexample for UNSAFE: the lost write, replayed in the Java implementation; null otherwise
 * @param reason         for INCONCLUSIVE: why (the tool's own message); otherwise a short summary
 * @param replayed       for UNSAFE: the back-end replayed the counterexample step by step in the Java implementation
 *                       ({@link dirtyproof.run.ScheduleDriver#replay}) and it lost the same write. An UNSAFE that
 *                       did not replay (TLC's "spec and implementation disagree") is a disagreement, not a lost write
 *                       (docs/verdicts.md). Always false for SAFE and INCONCLUSIVE.
 */
public record BackendResult(String backend, Verdict verdict, boolean exhaustive, Map<String, Number> explored,
                            double seconds, Counterexample counterexample, String reason, boolean replayed) {

    public BackendResult {
        explored = explored == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(explored));
        reason = reason == null ? "" : reason;
        if (verdict == Verdict.UNSAFE && counterexample == null) {
            throw new IllegalArgumentException("an UNSAFE result carries its counterexample");
        }
        replayed = replayed && verdict == Verdict.UNSAFE;
    }

    /** A result whose counterexample, if any, is not known to replay. */
    public BackendResult(String backend, Verdict verdict, boolean exhaustive, Map<String, Number> explored,
                         double seconds, Counterexample counterexample, String reason) {
        this(backend, verdict, exhaustive, explored, seconds, counterexample, reason, false);
    }

    public static BackendResult safe(String backend, boolean exhaustive, Map<String, Number> explored, double seconds,
                                     String summary) {
        return new BackendResult(backend, Verdict.SAFE, exhaustive, explored, seconds, null, summary);
    }

    /**
     * A lost write.
     *
     * @param replayed the counterexample replays in the Java implementation to the same lost write
     */
    public static BackendResult unsafe(String backend, boolean exhaustive, Map<String, Number> explored, double seconds,
                                       Counterexample counterexample, boolean replayed, String summary) {
        return new BackendResult(backend, Verdict.UNSAFE, exhaustive, explored, seconds, counterexample, summary,
                replayed);
    }

    /** A lost write whose counterexample is not known to replay in Java. */
    public static BackendResult unsafe(String backend, boolean exhaustive, Map<String, Number> explored, double seconds,
                                       Counterexample counterexample, String summary) {
        return unsafe(backend, exhaustive, explored, seconds, counterexample, false, summary);
    }

    /** The same result, its counterexample now known not to replay, with why added to the reason. */
    public BackendResult notReplayed(String why) {
        return new BackendResult(backend, verdict, exhaustive, explored, seconds, counterexample,
                reason + (reason.isEmpty() ? "" : "; ") + why, false);
    }

    /** The same result with {@code note} appended to its reason as it is (the note brings its own separator). */
    public BackendResult withNote(String note) {
        return new BackendResult(backend, verdict, exhaustive, explored, seconds, counterexample, reason + note,
                replayed);
    }

    /** The same result, its time {@code seconds} instead. */
    public BackendResult withSeconds(double seconds) {
        return new BackendResult(backend, verdict, exhaustive, explored, seconds, counterexample, reason, replayed);
    }

    public static BackendResult inconclusive(String backend, double seconds, String reason) {
        return new BackendResult(backend, Verdict.INCONCLUSIVE, false, Map.of(), seconds, null, reason);
    }

    public static BackendResult inconclusive(String backend, Map<String, Number> explored, double seconds, String reason) {
        return new BackendResult(backend, Verdict.INCONCLUSIVE, false, explored, seconds, null, reason);
    }

    /** The counterexample in columns, or "" when there is none. */
    public String columns() {
        return counterexample == null ? "" : counterexample.render();
    }
}
