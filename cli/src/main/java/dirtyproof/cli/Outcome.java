package dirtyproof.cli;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One variant's verdicts from every back-end asked, and the one verdict they add up to:
 * {@code lost-write} when some back-end found a lost write and none called it safe; {@code safe} when every
 * back-end ran to completion and called it safe; {@code inconclusive} otherwise (a back-end that did not
 * finish, or back-ends that disagree).
 */
public final class Outcome {
    public final Variant variant;
    public final Map<String, BackendResult> results = new LinkedHashMap<>();

    Outcome(Variant variant) {
        this.variant = variant;
    }

    boolean any(Verdict v) {
        return results.values().stream().anyMatch(r -> r.verdict() == v);
    }

    /** Some back-end says SAFE and another UNSAFE. */
    public boolean disagreement() {
        return any(Verdict.SAFE) && any(Verdict.UNSAFE);
    }

    /** safe, lost-write or inconclusive. */
    public String verdict() {
        if (results.isEmpty() || disagreement()) {
            return "inconclusive";
        }
        if (any(Verdict.UNSAFE)) {
            return Expect.LOST_WRITE.id();
        }
        return results.values().stream().allMatch(r -> r.verdict() == Verdict.SAFE) ? Expect.SAFE.id() : "inconclusive";
    }

    /** The verdict differs from what the variant expects (or, without an expectation, a write was lost). */
    public boolean mismatch() {
        String v = verdict();
        if (v.equals("inconclusive")) {
            return false;
        }
        return variant.expect() == null ? v.equals(Expect.LOST_WRITE.id()) : !v.equals(variant.expect().id());
    }

    /** Some back-end matched its own verdict against the expectation: used by the per-back-end JUnit report. */
    boolean backendMismatch(BackendResult r) {
        if (r.verdict() == Verdict.INCONCLUSIVE) {
            return false;
        }
        String v = r.verdict() == Verdict.SAFE ? Expect.SAFE.id() : Expect.LOST_WRITE.id();
        return variant.expect() == null ? r.verdict() == Verdict.UNSAFE : !v.equals(variant.expect().id());
    }

    public boolean inconclusive() {
        return any(Verdict.INCONCLUSIVE) || results.isEmpty();
    }

    /** The first counterexample any back-end gave, or null. */
    public BackendResult counterexample() {
        return results.values().stream().filter(r -> r.verdict() == Verdict.UNSAFE).findFirst().orElse(null);
    }

    /** Exit code of DESIGN.md §4 for a set of outcomes: 4 disagree, 1 differs from expect, 3 inconclusive, 0. */
    static int exitCode(Iterable<Outcome> outcomes) {
        boolean disagree = false;
        boolean mismatch = false;
        boolean inconclusive = false;
        for (Outcome o : outcomes) {
            disagree |= o.disagreement();
            mismatch |= o.mismatch();
            inconclusive |= o.inconclusive();
        }
        return disagree ? 4 : mismatch ? 1 : inconclusive ? 3 : 0;
    }
}
