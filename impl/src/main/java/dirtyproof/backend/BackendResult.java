package dirtyproof.backend;

import dirtyproof.model.Counterexample;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One back-end's answer for one variant, as the JSON report carries it:
 * {@code {"verdict", "exhaustive", "explored", "seconds", "trace", "reason"}}.
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
 */
public record BackendResult(String backend, Verdict verdict, boolean exhaustive, Map<String, Number> explored,
                            double seconds, Counterexample counterexample, String reason) {

    public BackendResult {
        explored = explored == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(explored));
        reason = reason == null ? "" : reason;
        if (verdict == Verdict.UNSAFE && counterexample == null) {
            throw new IllegalArgumentException("an UNSAFE result carries its counterexample");
        }
    }

    public static BackendResult safe(String backend, boolean exhaustive, Map<String, Number> explored, double seconds,
                                     String summary) {
        return new BackendResult(backend, Verdict.SAFE, exhaustive, explored, seconds, null, summary);
    }

    public static BackendResult unsafe(String backend, boolean exhaustive, Map<String, Number> explored, double seconds,
                                       Counterexample counterexample, String summary) {
        return new BackendResult(backend, Verdict.UNSAFE, exhaustive, explored, seconds, counterexample, summary);
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
