package dirtyproof.variant;

/** The protocol families of DESIGN.md §3. Only get-log has a model today; the others are recognised names. */
public enum Protocol implements Choice {
    GET_LOG("get-log", true),
    CLEAR_LOG("clear-log", false),
    SWITCH_LOG("switch-log", false),
    SRCU_SWAP("srcu-swap", false),
    RING("ring", false),
    RING_WITH_BITMAP("ring-with-bitmap", false);

    private final String id;
    public final boolean modelled;

    Protocol(String id, boolean modelled) {
        this.id = id;
        this.modelled = modelled;
    }

    @Override
    public String id() {
        return id;
    }
}
