package dirtyproof.variant;

/** The write-fault path: fast (lockless cmpxchg of W) or locked (under mmu_lock). */
public enum FaultPath implements Choice {
    FAST("fast"),
    LOCKED("locked");

    private final String id;

    FaultPath(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
