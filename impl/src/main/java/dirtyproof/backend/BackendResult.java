package dirtyproof.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One back-end's answer for one variant, as the JSON report carries it:
 * {@code {"verdict", "explored", "seconds", "trace", "reason"}}.
 *
 * @param backend        tlc, lincheck or jcstress
 * @param verdict        SAFE, UNSAFE or INCONCLUSIVE
 * @param explored       what was explored, in the tool's own counters: distinct states and depth (tlc),
 *                       scenarios and invocations (lincheck), samples and forbidden samples (jcstress)
 * @param seconds        wall-clock time of the check
 * @param trace          for UNSAFE: the counterexample as events in the step vocabulary
 *                       ({@code vcpu0:guest-write(p0)}), ending with the lost write; empty otherwise
 * @param counterexample for UNSAFE: the trace printed in columns, one per actor; empty otherwise
 * @param reason         for INCONCLUSIVE: why (the tool's own message); otherwise a short summary
 */
public record BackendResult(String backend, Verdict verdict, Map<String, Number> explored, double seconds,
                            List<String> trace, String counterexample, String reason) {

    public BackendResult {
        explored = explored == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(explored));
        trace = trace == null ? List.of() : List.copyOf(trace);
        counterexample = counterexample == null ? "" : counterexample;
        reason = reason == null ? "" : reason;
    }

    public static BackendResult safe(String backend, Map<String, Number> explored, double seconds, String summary) {
        return new BackendResult(backend, Verdict.SAFE, explored, seconds, List.of(), "", summary);
    }

    public static BackendResult unsafe(String backend, Map<String, Number> explored, double seconds,
                                       List<String> trace, String counterexample, String summary) {
        return new BackendResult(backend, Verdict.UNSAFE, explored, seconds, trace, counterexample, summary);
    }

    public static BackendResult inconclusive(String backend, double seconds, String reason) {
        return new BackendResult(backend, Verdict.INCONCLUSIVE, Map.of(), seconds, List.of(), "", reason);
    }

    public static BackendResult inconclusive(String backend, Map<String, Number> explored, double seconds, String reason) {
        return new BackendResult(backend, Verdict.INCONCLUSIVE, explored, seconds, List.of(), "", reason);
    }
}
