package dirtyproof.check;

import dirtyproof.variant.Expect;

/** What the back-ends' answers on one variant add up to (docs/verdicts.md). */
public enum VariantVerdict {
    /** Every back-end asked ran to completion and found no lost write. */
    SAFE("safe"),
    /** A back-end found a lost write and none called the variant safe. */
    LOST_WRITE("lost-write"),
    /** A back-end did not finish, none ran, or back-ends contradict each other. */
    INCONCLUSIVE("inconclusive");

    private final String id;

    VariantVerdict(String id) {
        this.id = id;
    }

    /** As reports spell it: safe, lost-write, inconclusive. */
    public String id() {
        return id;
    }

    /** True when this verdict is what {@code expect} says. */
    public boolean matches(Expect expect) {
        return (this == SAFE && expect == Expect.SAFE) || (this == LOST_WRITE && expect == Expect.LOST_WRITE);
    }

    @Override
    public String toString() {
        return id;
    }
}
