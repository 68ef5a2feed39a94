package dirtyproof.variant;

/**
 * The mode of mmu_lock in a harvest's critical sections (the steps a family's lock scope lists): exclusive, as
 * kvm_get_dirty_log_protect's KVM_MMU_LOCK takes it (write_lock on x86), or shared (read_lock).
 */
public enum HarvestLock implements Choice {
    EXCLUSIVE("exclusive", LockMode.EXCLUSIVE),
    SHARED("shared", LockMode.SHARED);

    private final String id;
    private final LockMode mode;

    HarvestLock(String id, LockMode mode) {
        this.id = id;
        this.mode = mode;
    }

    @Override
    public String id() {
        return id;
    }

    /** The lock mode the harvester takes mmu_lock in. */
    public LockMode mode() {
        return mode;
    }
}
