package dirtyproof.variant;

/**
 * The write-fault path: fast (lockless cmpxchg of W), locked (under mmu_lock), or mixed (each fault takes the
 * fast path or the TDP MMU's slow path, which marks first and installs the SPTE under mmu_lock).
 */
public enum FaultPath implements Choice {
    FAST("fast"),
    LOCKED("locked"),
    MIXED("mixed");

    private final String id;

    FaultPath(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
