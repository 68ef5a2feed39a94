package dirtyproof.variant;

/** The remote TLB flush: sync (IPI, waits for the vCPUs) or async (applied at each vCPU's next exit). */
public enum FlushMode implements Choice {
    SYNC("sync"),
    ASYNC("async");

    private final String id;

    FlushMode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
