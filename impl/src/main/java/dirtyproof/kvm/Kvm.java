package dirtyproof.kvm;

import dirtyproof.family.Op;
import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Migration;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.FlushWhen;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.SpteUpdate;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The part of a migration every protocol family shares (docs/model.md): the machine, the vCPUs with their
 * fault paths, the host writer, the kernel functions more than one actor calls
 * ({@link #kvm_flush_remote_tlbs}, {@link #kvm_vm_pause}), the step listener and the notes of the shared
 * steps. A family subclass creates its own state (a bitmap, rings), then calls {@link #start} with the
 * {@link Tracker} that says how its writers record a dirty page, and adds its migration-side actors.
 */
public abstract class Kvm implements Migration, VmContext {

    protected final Machine m;
    protected final Variant variant;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private HostWriter host;
    private Aging aging;
    /** Whether the last kvm_flush_remote_tlbs_if skipped its flush (for the flush step's note). */
    private volatile boolean flushSkipped;
    private final List<Actor> actors = new ArrayList<>();
    private volatile Consumer<Event> listener;

    protected Kvm(Variant variant) {
        this.variant = variant;
        this.m = new Machine(variant.bounds());
    }

    /**
     * Creates the vCPUs, (with host-writes) the host writer, marking through the tracker, and (with aging) the
     * aging actor.
     */
    protected final void start(Tracker tracker) {
        if (!vcpus.isEmpty()) {
            throw new IllegalStateException("started twice");
        }
        for (int v = 0; v < variant.bounds().vcpus(); v++) {
            Vcpu vcpu = new Vcpu(this, v, tracker);
            vcpus.add(vcpu);
            actors.add(vcpu);
        }
        if (variant.machine().hostWrites()) {
            host = new HostWriter(this, tracker);
            actors.add(host);
        }
        if (variant.machine().aging()) {
            aging = new Aging(this);
            actors.add(aging);
        }
    }

    /** Adds a migration-side actor, after the writers. */
    protected final void addActor(Actor a) {
        actors.add(a);
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public Machine machine() {
        return m;
    }

    @Override
    public List<Actor> actors() {
        return Collections.unmodifiableList(actors);
    }

    public Vcpu vcpu(int v) {
        return vcpus.get(v);
    }

    public List<Vcpu> vcpus() {
        return Collections.unmodifiableList(vcpus);
    }

    /** The aging actor, or null when the variant has aging: false. */
    public Aging aging() {
        return aging;
    }

    /** The host writer, or null when the variant has host-writes: false. */
    public HostWriter host() {
        return host;
    }

    @Override
    public void setListener(Consumer<Event> l) {
        listener = l;
    }

    @Override
    public FaultPath faultPath() {
        return variant.machine().faultPath();
    }

    @Override
    public List<FaultStep> faultOrder() {
        return variant.machine().faultOrder();
    }

    @Override
    public LockMode faultLock() {
        return variant.machine().faultLock();
    }

    @Override
    public SpteUpdate spteUpdate() {
        return variant.machine().spteUpdate();
    }

    /** Called by the actors after each step they take; returns true so that take() can end with it. */
    @Override
    public boolean record(Event e) {
        Consumer<Event> l = listener;
        if (l != null) {
            l.accept(e);
        }
        return true;
    }

    // --- kernel functions used by more than one actor ---------------------------------------------

    /**
     * kvm_flush_remote_tlbs. sync: an IPI to every vCPU; each vCPU's TLB is emptied while holding its
     * tlbLock, so a guest write that used an old entry completes before the flush returns. async: a
     * KVM_REQ_TLB_FLUSH request that each vCPU serves at its next exit (step apply-flush), maybe after
     * the ioctl returned.
     */
    public void kvm_flush_remote_tlbs() {
        for (int v = 0; v < m.bounds.vcpus(); v++) {
            if (variant.machine().flush() == FlushMode.SYNC) {
                synchronized (m.tlbLock(v)) {
                    m.tlbFlushLocal(v);
                }
            } else {
                m.flushPending.set(v, 1);
            }
        }
    }

    /**
     * Whether a harvest's flush step flushes (flush-when): always; when the harvest took a dirty bit
     * (bitsConsumed: kvm_get_dirty_log_protect's {@code flush = true} on a non-zero word); or when it cleared
     * some SPTE's W (spteChanged: how enabling dirty logging decided before commit b64d740ea7dd).
     */
    public boolean flushWanted(boolean bitsConsumed, boolean spteChanged) {
        FlushWhen w = variant.machine().flushWhen();
        return w == FlushWhen.ALWAYS || (w == FlushWhen.BITS_CONSUMED ? bitsConsumed : spteChanged);
    }

    /**
     * A harvest's flush step: {@link #kvm_flush_remote_tlbs} if {@link #flushWanted} says so, else nothing.
     * Returns whether it flushed.
     */
    public boolean kvm_flush_remote_tlbs_if(boolean bitsConsumed, boolean spteChanged) {
        boolean f = flushWanted(bitsConsumed, spteChanged);
        flushSkipped = !f;
        if (f) {
            kvm_flush_remote_tlbs();
        }
        return f;
    }

    // --- mmu_lock in the harvest-lock mode: what every family's harvester takes -------------------

    /** The mode a harvest's critical sections hold mmu_lock in (harvest-lock: exclusive or shared). */
    public LockMode harvestLockMode() {
        return variant.machine().harvestLock().mode();
    }

    /** Whether a harvester's step that opens a critical section could take mmu_lock now. */
    public boolean harvestLockAvailable() {
        return m.mmuLockAvailable(harvestLockMode());
    }

    /**
     * Takes mmu_lock for a harvester ({@link Machine#HARVESTER}) in the harvest-lock mode if it is available now:
     * KVM_MMU_LOCK as the variant says it is taken.
     */
    public boolean tryHarvestLock(int holder) {
        return m.tryMmuLock(holder, harvestLockMode());
    }

    /** Drops a harvester's hold of mmu_lock, taken with {@link #tryHarvestLock}. */
    public void harvestUnlock(int holder) {
        m.mmuUnlock(holder, harvestLockMode());
    }

    /** True when no vCPU is inside its fault path and no host write is between its write and its mark. */
    public boolean quiescent() {
        for (Vcpu v : vcpus) {
            if (v.inFault) {
                return false;
            }
        }
        return host == null || !host.busy;
    }

    /**
     * Pauses the VM for the final round: kicks every vCPU out of the guest (holding every tlbLock, so no
     * guest step straddles the pause) and stops the host writer. Enabled only when {@link #quiescent()}:
     * a fault path in progress finishes first. Pending asynchronous flushes are applied on the way out.
     *
     * @return false, changing nothing, when some fault or host write is still in progress
     */
    public boolean kvm_vm_pause() {
        return pauseHolding(0);
    }

    private boolean pauseHolding(int v) {
        if (v < vcpus.size()) {
            synchronized (m.tlbLock(v)) {
                return pauseHolding(v + 1);
            }
        }
        if (host != null) {
            synchronized (hostWriteLock(host)) {
                return pauseAll();
            }
        }
        return pauseAll();
    }

    private boolean pauseAll() {
        if (!quiescent()) {
            return false;
        }
        m.pauseVcpus();
        return true;
    }

    // --- observation, notes, operations --------------------------------------------------------------

    /** The machine's variables and the family's ({@link #observeFamily}). */
    @Override
    public Map<String, Object> observe() {
        Map<String, Object> r = m.observe();
        Map<Long, Object> slow = new LinkedHashMap<>();
        for (Vcpu v : vcpus) {
            slow.put((long) v.id, v.slowSpte());
        }
        r.put("slowSpte", slow);
        observeFamily(r);
        return r;
    }

    /** Adds the family's variables under their TLA+ names. */
    protected abstract void observeFamily(Map<String, Object> into);

    @Override
    public String note(Event e, Map<String, Object> before) {
        int p = e.arg();
        switch (e.step()) {
            case GUEST_WRITE:
                return !Objects.equals(fn(before, "mem").get((long) p), (long) m.mem.get(p))
                        ? "mem[p" + p + "]=" + m.mem.get(p) : "EPT violation";
            case HOST_WRITE:
                return "mem[p" + p + "]=" + m.mem.get(p);
            case MAKE_WRITABLE:
                if (Boolean.TRUE.equals(fn(before, "W").get((long) p))) {
                    return "W already set";
                }
                return m.spteW.get(p) == 1 ? "W[p" + p + "]=1" : "W[p" + p + "] left 0 (the walk saw it writable)";
            case SEND:
                return "dest[p" + p + "]=" + m.dest.get(p);
            case WRITE_PROTECT: {
                StringBuilder sb = new StringBuilder();
                Map<?, ?> w = fn(before, "W");
                for (int q = 0; q < m.bounds.pages(); q++) {
                    if (Boolean.TRUE.equals(w.get((long) q)) && m.spteW.get(q) == 0) {
                        sb.append(sb.length() == 0 ? "" : " ").append("W[p").append(q).append("]=0");
                    }
                }
                return sb.length() == 0 ? "nothing writable to protect" : sb.toString();
            }
            case FLUSH_TLB:
                if (flushSkipped) {
                    return "skipped: flush-when: " + variant.machine().flushWhen().id() + " and " + (variant.machine()
                            .flushWhen() == FlushWhen.BITS_CONSUMED ? "no dirty bit taken" : "no SPTE changed");
                }
                return variant.machine().flush() == FlushMode.ASYNC ? "requested, not waited for" : "every TLB emptied";
            case TDP_MMU_MAP:
                return "mmu_lock " + m.describeMmuLock() + "; the walk reads W[p" + p + "]="
                        + (Boolean.TRUE.equals(fn(before, "W").get((long) p)) ? 1 : 0);
            case ACCESS_TRACK:
                return "W[p" + p + "]=0, no flush, not marked";
            default:
                return familyNote(e, before);
        }
    }

    /** The note of a family step (a mark, a harvest step); "" for none. */
    protected abstract String familyNote(Event e, Map<String, Object> before);

    private static Map<?, ?> fn(Map<String, Object> state, String var) {
        Object o = state.get(var);
        return o instanceof Map ? (Map<?, ?>) o : Map.of();
    }

    /** vCPU and host operations; anything else goes to {@link #performFamily}. */
    @Override
    public boolean perform(Op op) {
        if (op.actor().startsWith("vcpu")) {
            int v = Integer.parseInt(op.actor().substring(4));
            if (v >= vcpus.size()) {
                throw new IllegalArgumentException("no " + op.actor() + " in this migration (" + vcpus.size() + " vCPUs)");
            }
            switch (op.action()) {
                case Op.GUEST_WRITE:
                    return vcpus.get(v).guestWriteBlocking(op.arg());
                case Op.GUEST_WRITE_SLOW:
                    return vcpus.get(v).guestWriteBlocking(op.arg(), true);
                case Op.TLB_FILL:
                    return vcpus.get(v).tlbFillNow(op.arg());
                case Op.APPLY_FLUSH:
                    return vcpus.get(v).applyFlushNow();
                default:
                    throw new IllegalArgumentException("a vCPU has no operation " + op.action());
            }
        }
        if (op.actor().equals(Aging.NAME)) {
            if (aging == null) {
                throw new IllegalArgumentException("the variant has aging: false; no aging operation " + op);
            }
            if (!op.action().equals(Op.ACCESS_TRACK)) {
                throw new IllegalArgumentException("the aging actor has no operation " + op.action());
            }
            return aging.ageBlocking(op.arg());
        }
        if (op.actor().equals(HostWriter.NAME)) {
            if (host == null) {
                throw new IllegalArgumentException("the variant has host-writes: false; no host operation " + op);
            }
            if (!op.action().equals(Op.HOST_WRITE)) {
                throw new IllegalArgumentException("the host writer has no operation " + op.action());
            }
            return host.writeBlocking(op.arg());
        }
        return performFamily(op);
    }

    /** A family operation (e.g. the harvester's live rounds). */
    protected abstract boolean performFamily(Op op);

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(m.toString());
        for (Actor a : actors) {
            sb.append("\n  ").append(a);
        }
        return sb.toString();
    }
}
