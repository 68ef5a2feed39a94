package dirtyproof.clearlog;

import dirtyproof.model.Step;
import dirtyproof.variant.Choice;

/** The steps a clear-log variant orders in {@code harvest}: KVM_GET_DIRTY_LOG, KVM_CLEAR_DIRTY_LOG, the send. */
public enum ClearLogStep implements Choice {
    GET_COPY(Step.GET_COPY),
    CLEAR_FETCHED(Step.CLEAR_FETCHED),
    WRITE_PROTECT(Step.WRITE_PROTECT),
    FLUSH_TLB(Step.FLUSH_TLB),
    SEND(Step.SEND);

    public final Step step;

    ClearLogStep(Step step) {
        this.step = step;
    }

    /** The steps of KVM_CLEAR_DIRTY_LOG, the only ones that can be under mmu_lock. */
    public boolean lockable() {
        return this == CLEAR_FETCHED || this == WRITE_PROTECT || this == FLUSH_TLB;
    }

    @Override
    public String id() {
        return step.id();
    }
}
