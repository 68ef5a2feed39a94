package dirtyproof.check;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's answers from every back-end asked, and the one verdict they add up to, by evidence, not by vote
 * (docs/verdicts.md):
 * <ul>
 *   <li>{@code lost-write}: some back-end produced a counterexample that replays in the Java implementation to
 *       the same lost write; a sampling back-end that did not hit it <em>missed</em> it (a warning, with its
 *       sample count);</li>
 *   <li>{@code safe}: an exhaustive back-end (TLC) ran to completion and found nothing, and no back-end found a
 *       lost write;</li>
 *   <li>{@code no-lost-write-found}: only sampling back-ends ran, each to completion, and none found a lost
 *       write (never printed "safe");</li>
 *   <li>{@code disagreement}: an exhaustive SAFE beside a replayed lost write, or a counterexample that does not
 *       replay in Java;</li>
 *   <li>{@code inconclusive}: anything else.</li>
 * </ul>
 */
public final class VariantResult {

    private final Variant variant;
    private final Map<String, BackendResult> results;

    public VariantResult(Variant variant, Map<String, BackendResult> results) {
        this.variant = variant;
        this.results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    public Variant variant() {
        return variant;
    }

    /** By back-end name, in the order they ran. */
    public Map<String, BackendResult> results() {
        return results;
    }

    private boolean any(java.util.function.Predicate<BackendResult> p) {
        return results.values().stream().anyMatch(p);
    }

    private static boolean replayedLostWrite(BackendResult r) {
        return r.verdict() == Verdict.UNSAFE && r.replayed();
    }

    private static boolean unreplayed(BackendResult r) {
        return r.verdict() == Verdict.UNSAFE && !r.replayed();
    }

    private static boolean exhaustiveSafe(BackendResult r) {
        return r.verdict() == Verdict.SAFE && r.exhaustive();
    }

    public VariantVerdict verdict() {
        if (results.isEmpty()) {
            return VariantVerdict.INCONCLUSIVE;
        }
        if (any(VariantResult::unreplayed)) {
            return VariantVerdict.DISAGREEMENT;
        }
        if (any(VariantResult::replayedLostWrite)) {
            return any(VariantResult::exhaustiveSafe) ? VariantVerdict.DISAGREEMENT : VariantVerdict.LOST_WRITE;
        }
        if (any(VariantResult::exhaustiveSafe)) {
            return VariantVerdict.SAFE;
        }
        if (results.values().stream().allMatch(r -> r.verdict() == Verdict.SAFE && !r.exhaustive())) {
            return VariantVerdict.NO_LOST_WRITE_FOUND;
        }
        return VariantVerdict.INCONCLUSIVE;
    }

    /** The verdict is a real contradiction between the back-ends, or between a back-end and the implementation. */
    public boolean disagreement() {
        return verdict() == VariantVerdict.DISAGREEMENT;
    }

    /**
     * The verdict differs from what the variant expects (or, without an expectation, a write was lost).
     * no-lost-write-found where a lost write is expected differs: the back-ends asked did not find it.
     */
    public boolean mismatch() {
        VariantVerdict v = verdict();
        if (!v.conclusive()) {
            return false;
        }
        return variant.expect() == null ? v == VariantVerdict.LOST_WRITE : !v.matches(variant.expect());
    }

    /** One back-end's own answer contradicts the expectation, as evidence (the per-back-end JUnit case). */
    public boolean mismatch(BackendResult r) {
        Expect e = variant.expect();
        switch (r.verdict()) {
            case UNSAFE:
                return !r.replayed() || e == null || e == Expect.SAFE;
            case SAFE:
                return r.exhaustive() && e == Expect.LOST_WRITE;
            default:
                return false;
        }
    }

    /** A sampling back-end that ran to completion without hitting the lost write another back-end proved. */
    public boolean missed(BackendResult r) {
        return r.verdict() == Verdict.SAFE && !r.exhaustive() && any(VariantResult::replayedLostWrite);
    }

    /** The verdict is inconclusive, or some back-end did not finish. */
    public boolean inconclusive() {
        return verdict() == VariantVerdict.INCONCLUSIVE || any(r -> r.verdict() == Verdict.INCONCLUSIVE);
    }

    /**
     * One back-end's standing, as the verdict line spells it: {@code lost-write} (a replayed counterexample),
     * {@code not-replayed} (a counterexample Java does not reproduce), {@code safe} (an exhaustive SAFE),
     * {@code none-found} (a sampling back-end that found nothing), {@code missed} (a sampling back-end that did
     * not hit a lost write another proved), {@code inconclusive}.
     */
    public String standing(String backend) {
        BackendResult r = results.get(backend);
        if (r == null) {
            return "-";
        }
        switch (r.verdict()) {
            case UNSAFE:
                return r.replayed() ? "lost-write" : "not-replayed";
            case SAFE:
                return r.exhaustive() ? "safe" : missed(r) ? "missed" : "none-found";
            default:
                return "inconclusive";
        }
    }

    /**
     * One back-end's answer as every JSON report writes it (check --json, sweep --json): {@code {"verdict",
     * "exhaustive", "replayed", "standing", "explored", "seconds", "trace", "counterexample" (when there is one),
     * "reason"}}.
     */
    public Map<String, Object> backendMap(String backend) {
        BackendResult r = results.get(backend);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("verdict", r.verdict().name());
        b.put("exhaustive", r.exhaustive());
        b.put("replayed", r.replayed());
        b.put("standing", standing(backend));
        b.put("explored", r.explored());
        b.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        b.put("trace", r.counterexample() == null ? List.of() : r.counterexample().lines());
        if (r.counterexample() != null) {
            b.put("counterexample", r.columns());
        }
        b.put("reason", r.reason());
        return b;
    }

    /** What a sampling back-end covered, in a few words: "812345 samples", "1200 executions". */
    public static String coverage(BackendResult r) {
        Map<String, Number> e = r.explored();
        if (e.containsKey("samples")) {
            return e.get("samples") + " samples";
        }
        if (e.containsKey("invocations")) {
            return e.get("invocations") + " executions"
                    + (e.containsKey("scenarios") ? " of " + e.get("scenarios") + " scenarios" : "");
        }
        return e.isEmpty() ? "nothing counted" : e.toString();
    }

    /** The warnings a reader should see: missed lost writes, counterexamples that do not replay, back-ends that did not finish. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Map.Entry<String, BackendResult> e : results.entrySet()) {
            BackendResult r = e.getValue();
            if (missed(r)) {
                w.add(e.getKey() + " missed the lost write: " + coverage(r) + " without one (a sampling back-end's"
                        + " coverage, not a disagreement)");
            } else if (unreplayed(r)) {
                w.add(e.getKey() + "'s counterexample does not replay in the Java implementation: "
                        + r.reason().lines().findFirst().orElse(""));
            } else if (r.verdict() == Verdict.SAFE && exhaustiveSafe(r) && any(VariantResult::replayedLostWrite)) {
                w.add(e.getKey() + " proved no lost write within the bounds, yet another back-end's counterexample"
                        + " replays: the spec and the implementation differ");
            } else if (r.verdict() == Verdict.INCONCLUSIVE) {
                w.add(e.getKey() + " did not finish: " + r.reason().lines().findFirst().orElse(""));
            }
        }
        return w;
    }

    /** The counterexample to show: the first that replays, else the first any back-end gave; null when none. */
    public BackendResult counterexample() {
        return results.values().stream().filter(VariantResult::replayedLostWrite).findFirst()
                .orElse(results.values().stream().filter(r -> r.verdict() == Verdict.UNSAFE).findFirst().orElse(null));
    }

    /**
     * The exit code for a set of results (docs/verdicts.md): 4 a disagreement, 1 a verdict differs from its
     * expectation, 3 inconclusive (a verdict, or a back-end that did not finish), 0 otherwise; the first that
     * applies in that order.
     */
    public static int exitCode(Iterable<VariantResult> results) {
        boolean disagree = false;
        boolean mismatch = false;
        boolean inconclusive = false;
        for (VariantResult o : results) {
            disagree |= o.disagreement();
            mismatch |= o.mismatch();
            inconclusive |= o.inconclusive();
        }
        return disagree ? 4 : mismatch ? 1 : inconclusive ? 3 : 0;
    }
}
