package dirtyproof.variant;

/** When a harvest's flush step really flushes: always, when it took a dirty bit from the log (kvm_get_dirty_log_protect's condition), or when it cleared some SPTE's W (the condition enabling dirty logging used before commit b64d740ea7dd, 2022). */
public enum FlushWhen implements Choice {
    ALWAYS("always"),
    BITS_CONSUMED("bits-consumed"),
    SPTE_CHANGED("spte-changed");

    private final String id;

    FlushWhen(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
