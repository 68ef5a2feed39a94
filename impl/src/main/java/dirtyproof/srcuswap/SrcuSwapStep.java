package dirtyproof.srcuswap;

import dirtyproof.model.Step;
import dirtyproof.variant.Choice;

/** The steps a srcu-swap variant orders in {@code harvest}: kvm_vm_ioctl_get_dirty_log of 2009-2012. */
public enum SrcuSwapStep implements Choice {
    INSTALL_BITMAP(Step.INSTALL_BITMAP),
    SYNCHRONIZE_SRCU(Step.SYNCHRONIZE_SRCU),
    WRITE_PROTECT(Step.WRITE_PROTECT),
    FLUSH_TLB(Step.FLUSH_TLB),
    COPY_TO_USER(Step.COPY_TO_USER);

    public final Step step;

    SrcuSwapStep(Step step) {
        this.step = step;
    }

    /** kvm_mmu_slot_remove_write_access and its flush ran under mmu_lock; the rest cannot (it sleeps, or copies). */
    public boolean lockable() {
        return this == WRITE_PROTECT || this == FLUSH_TLB;
    }

    @Override
    public String id() {
        return step.id();
    }
}
