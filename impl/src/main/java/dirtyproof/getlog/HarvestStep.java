package dirtyproof.getlog;

import dirtyproof.variant.Choice;

import dirtyproof.model.Step;

/** The steps of KVM_GET_DIRTY_LOG that a variant orders in {@code harvest} and places under {@code mmu-lock}. */
public enum HarvestStep implements Choice {
    SNAPSHOT_CLEAR(Step.SNAPSHOT_CLEAR),
    WRITE_PROTECT(Step.WRITE_PROTECT),
    FLUSH_TLB(Step.FLUSH_TLB),
    COPY_TO_USER(Step.COPY_TO_USER);

    public final Step step;

    HarvestStep(Step step) {
        this.step = step;
    }

    @Override
    public String id() {
        return step.id();
    }
}
