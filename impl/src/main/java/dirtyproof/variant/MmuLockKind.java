package dirtyproof.variant;

/** What kind of lock kvm->mmu_lock is: a spinlock (until 2021 on x86), a mutex (the 2012 proposal) or an rwlock (x86 since 2021). It changes no interleaving the model has; only an rwlock has a shared mode. */
public enum MmuLockKind implements Choice {
    SPINLOCK("spinlock"),
    MUTEX("mutex"),
    RWLOCK("rwlock");

    private final String id;

    MmuLockKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
