package dirtyproof.check;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One variant's answers from every back-end asked, and the one verdict they add up to: {@code lost-write}
 * when some back-end found a lost write and none called it safe; {@code safe} when every back-end ran to
 * completion and called it safe; {@code inconclusive} otherwise (a back-end that did not finish, or back-ends
 * that disagree).
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

    private boolean any(Verdict v) {
        return results.values().stream().anyMatch(r -> r.verdict() == v);
    }

    /** Some back-end says SAFE and another UNSAFE. */
    public boolean disagreement() {
        return any(Verdict.SAFE) && any(Verdict.UNSAFE);
    }

    public VariantVerdict verdict() {
        if (results.isEmpty() || disagreement()) {
            return VariantVerdict.INCONCLUSIVE;
        }
        if (any(Verdict.UNSAFE)) {
            return VariantVerdict.LOST_WRITE;
        }
        return results.values().stream().allMatch(r -> r.verdict() == Verdict.SAFE) ? VariantVerdict.SAFE
                : VariantVerdict.INCONCLUSIVE;
    }

    /** The verdict differs from what the variant expects (or, without an expectation, a write was lost). */
    public boolean mismatch() {
        VariantVerdict v = verdict();
        if (v == VariantVerdict.INCONCLUSIVE) {
            return false;
        }
        return variant.expect() == null ? v == VariantVerdict.LOST_WRITE : !v.matches(variant.expect());
    }

    /** One back-end's own verdict contradicts the expectation (the per-back-end JUnit case). */
    public boolean mismatch(BackendResult r) {
        if (r.verdict() == Verdict.INCONCLUSIVE) {
            return false;
        }
        Expect own = r.verdict() == Verdict.SAFE ? Expect.SAFE : Expect.LOST_WRITE;
        return variant.expect() == null ? r.verdict() == Verdict.UNSAFE : own != variant.expect();
    }

    public boolean inconclusive() {
        return any(Verdict.INCONCLUSIVE) || results.isEmpty();
    }

    /** The first counterexample any back-end gave, or null. */
    public BackendResult counterexample() {
        return results.values().stream().filter(r -> r.verdict() == Verdict.UNSAFE).findFirst().orElse(null);
    }

    /** The exit code for a set of results: 4 disagree, 1 differs from expect, 3 inconclusive, 0 (docs/verdicts.md). */
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
