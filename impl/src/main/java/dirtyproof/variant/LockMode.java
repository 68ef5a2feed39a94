package dirtyproof.variant;

/**
 * The mode in which a path holds kvm->mmu_lock: exclusively (write_lock, spin_lock), shared (read_lock, an
 * rwlock's readers), or not at all.
 */
public enum LockMode implements Choice {
    EXCLUSIVE("exclusive"),
    SHARED("shared"),
    NONE("none");

    private final String id;

    LockMode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
