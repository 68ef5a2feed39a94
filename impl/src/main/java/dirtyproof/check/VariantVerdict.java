package dirtyproof.check;

import dirtyproof.variant.Expect;

/** What the back-ends' answers on one variant add up to, by evidence (docs/verdicts.md). */
public enum VariantVerdict {
    /** An exhaustive back-end (TLC) ran to completion and found nothing, and no back-end found a lost write. */
    SAFE("safe"),
    /** A back-end produced a counterexample that replays in the Java implementation to the same lost write. */
    LOST_WRITE("lost-write"),
    /** Only sampling back-ends ran, every one to completion, and none found a lost write: not a proof. */
    NO_LOST_WRITE_FOUND("no-lost-write-found"),
    /**
     * A real contradiction: an exhaustive SAFE beside a replayed lost write (spec and implementation differ), or a
     * counterexample that does not replay in Java.
     */
    DISAGREEMENT("disagreement"),
    /** Anything else: no back-end ran, or one that was needed did not finish. */
    INCONCLUSIVE("inconclusive");

    private final String id;

    VariantVerdict(String id) {
        this.id = id;
    }

    /** As reports spell it: safe, lost-write, no-lost-write-found, disagreement, inconclusive. */
    public String id() {
        return id;
    }

    /**
     * True when this verdict is what {@code expect} says: lost-write for lost-write; safe for safe, and also
     * no-lost-write-found, which is all sampling back-ends can say of a safe variant.
     */
    public boolean matches(Expect expect) {
        return (this == LOST_WRITE && expect == Expect.LOST_WRITE)
                || ((this == SAFE || this == NO_LOST_WRITE_FOUND) && expect == Expect.SAFE);
    }

    /** True for the verdicts a comparison with {@code expect} makes sense for. */
    public boolean conclusive() {
        return this == SAFE || this == LOST_WRITE || this == NO_LOST_WRITE_FOUND;
    }

    @Override
    public String toString() {
        return id;
    }
}
