package dirtyproof.family;

/**
 * One blocking operation of one actor, as Lincheck's and jcstress's threads perform it: a whole guest write
 * of vCPU v to page p (its fault path and the retried store included), a speculative walk, an exit that
 * serves a flush request, a whole host write, or a family's own operation (the harvester's live rounds).
 *
 * @param actor  the actor, e.g. {@code vcpu0}, {@code host}, {@code harvester}
 * @param action {@link #GUEST_WRITE}, {@link #TLB_FILL}, {@link #APPLY_FLUSH}, {@link #HOST_WRITE},
 *               {@link #LIVE_ROUNDS} or a family's own
 * @param arg    the page, or -1
 */
public record Op(String actor, String action, int arg) {

    public static final String GUEST_WRITE = "guest-write";
    /** A whole guest write whose faults take the slow path of fault-path: mixed (the fast path's is GUEST_WRITE). */
    public static final String GUEST_WRITE_SLOW = "guest-write-slow";
    /** The aging actor's one operation: mark_spte_for_access_track of a page whose SPTE is writable. */
    public static final String ACCESS_TRACK = "access-track";
    public static final String HOST_WRITE = "host-write";
    public static final String TLB_FILL = "tlb-fill";
    public static final String APPLY_FLUSH = "apply-flush";
    public static final String LIVE_ROUNDS = "live-rounds";

    public static Op guestWrite(int v, int p) {
        return new Op("vcpu" + v, GUEST_WRITE, p);
    }

    /** With fault-path: mixed, a guest write whose faults take the slow path (kvm_tdp_mmu_map). */
    public static Op guestWriteSlow(int v, int p) {
        return new Op("vcpu" + v, GUEST_WRITE_SLOW, p);
    }

    /** The aging actor ages page p (clears W without a flush), if p's SPTE is writable. */
    public static Op accessTrack(int p) {
        return new Op("aging", ACCESS_TRACK, p);
    }

    public static Op tlbFill(int v, int p) {
        return new Op("vcpu" + v, TLB_FILL, p);
    }

    public static Op applyFlush(int v) {
        return new Op("vcpu" + v, APPLY_FLUSH, -1);
    }

    public static Op hostWrite(int p) {
        return new Op("host", HOST_WRITE, p);
    }

    public static Op liveRounds(String actor) {
        return new Op(actor, LIVE_ROUNDS, -1);
    }

    /** As traces spell it: {@code vcpu0:guest-write(p0)}, {@code harvester:live-rounds}. */
    @Override
    public String toString() {
        return actor + ":" + action + (arg < 0 ? "" : "(p" + arg + ")");
    }
}
