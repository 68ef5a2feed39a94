package dirtyproof.variant;

import dirtyproof.model.Step;

/** The two steps of the page fault path that a variant orders in {@code fault-order}. */
public enum FaultStep implements Choice {
    MAKE_WRITABLE(Step.MAKE_WRITABLE),
    MARK_DIRTY(Step.MARK_DIRTY);

    public final Step step;

    FaultStep(Step step) {
        this.step = step;
    }

    @Override
    public String id() {
        return step.id();
    }
}
