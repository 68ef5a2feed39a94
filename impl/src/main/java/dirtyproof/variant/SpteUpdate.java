package dirtyproof.variant;

/** How an SPTE update made under a shared mmu_lock is done: a compare-and-exchange (tdp_mmu_set_spte_atomic) or a load and a later plain store, which overwrites whatever changed in between. */
public enum SpteUpdate implements Choice {
    ATOMIC("atomic"),
    PLAIN("plain");

    private final String id;

    SpteUpdate(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
