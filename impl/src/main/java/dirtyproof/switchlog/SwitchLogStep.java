package dirtyproof.switchlog;

import dirtyproof.model.Step;
import dirtyproof.variant.Choice;

/** The steps a switch-log variant orders in {@code harvest}: KVM_SWITCH_DIRTY_LOG and userspace around it. */
public enum SwitchLogStep implements Choice {
    SWITCH_BITMAP(Step.SWITCH_BITMAP),
    WAIT_READERS(Step.WAIT_READERS),
    WRITE_PROTECT(Step.WRITE_PROTECT),
    FLUSH_TLB(Step.FLUSH_TLB),
    READ_OLD(Step.READ_OLD),
    SEND(Step.SEND),
    CLEAR_OLD(Step.CLEAR_OLD);

    public final Step step;

    SwitchLogStep(Step step) {
        this.step = step;
    }

    /** Only the write-protect and its flush take mmu_lock; the wait sleeps, the rest is userspace. */
    public boolean lockable() {
        return this == WRITE_PROTECT || this == FLUSH_TLB;
    }

    @Override
    public String id() {
        return step.id();
    }
}
