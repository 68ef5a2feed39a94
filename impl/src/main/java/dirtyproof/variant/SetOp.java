package dirtyproof.variant;

/** How mark_page_dirty sets its bit: set_bit (atomic) or __set_bit (load then store). */
public enum SetOp implements Choice {
    ATOMIC("atomic"),
    NON_ATOMIC("non-atomic");

    private final String id;

    SetOp(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
