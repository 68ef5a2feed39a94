package dirtyproof.variant;

/** How mark_page_dirty's bits are harvested: xchg per word, or a load then a store of 0. */
public enum ClearOp implements Choice {
    XCHG("xchg"),
    LOAD_STORE("load-store");

    private final String id;

    ClearOp(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
