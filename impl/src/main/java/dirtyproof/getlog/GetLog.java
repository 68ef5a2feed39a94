package dirtyproof.getlog;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Migration;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Protocol;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * KVM_GET_DIRTY_LOG with protect, as a variant says it is done, on the machine of DESIGN.md §2.
 *
 * <p>This class holds the kernel functions shared by several actors ({@link #mark_page_dirty},
 * {@link #kvm_flush_remote_tlbs}, {@link #kvm_vm_pause}); the actors ({@link Vcpu}, {@link HostWriter},
 * {@link Harvester}) hold their own steps. Today's kernel, for reference (virt/kvm/kvm_main.c):
 *
 * <pre>
 *   KVM_MMU_LOCK(kvm);
 *   for (i = 0; i &lt; n / sizeof(long); i++) {
 *       if (!dirty_bitmap[i]) continue;
 *       mask = xchg(&amp;dirty_bitmap[i], 0);                             // snapshot-clear
 *       dirty_bitmap_buffer[i] = mask;
 *       kvm_arch_mmu_enable_log_dirty_pt_masked(kvm, memslot, offset, mask); // write-protect
 *   }
 *   KVM_MMU_UNLOCK(kvm);
 *   if (flush) kvm_flush_remote_tlbs_memslot(kvm, memslot);           // flush-tlb
 *   if (copy_to_user(log-&gt;dirty_bitmap, dirty_bitmap_buffer, n))       // copy-to-user
 * </pre>
 */
public final class GetLog implements Migration {

    final Machine m;
    final Variant variant;
    final List<Vcpu> vcpus = new ArrayList<>();
    final HostWriter host;
    final Harvester harvester;
    private final List<Actor> actors = new ArrayList<>();
    private volatile Consumer<Event> listener;

    public GetLog(Variant variant) {
        if (variant.protocol() != Protocol.GET_LOG) {
            throw new IllegalArgumentException("GetLog models protocol get-log, not " + variant.protocol().id());
        }
        this.variant = variant;
        this.m = new Machine(variant.bounds());
        for (int v = 0; v < variant.bounds().vcpus(); v++) {
            Vcpu vcpu = new Vcpu(this, v);
            vcpus.add(vcpu);
            actors.add(vcpu);
        }
        host = variant.hostWrites() ? new HostWriter(this) : null;
        if (host != null) {
            actors.add(host);
        }
        harvester = new Harvester(this);
        actors.add(harvester);
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
        return actors;
    }

    public Vcpu vcpu(int v) {
        return vcpus.get(v);
    }

    /** The host writer, or null when the variant has host-writes: false. */
    public HostWriter host() {
        return host;
    }

    public Harvester harvester() {
        return harvester;
    }

    @Override
    public boolean finished() {
        return harvester.done();
    }

    /**
     * Sets a listener called with every event an actor takes, right after the step (from the taking
     * thread; it must be thread-safe when actors run on several threads). Null removes it. The order in
     * which concurrent steps reach the listener is the order of their calls, not necessarily of their effects.
     */
    public void setListener(Consumer<Event> l) {
        listener = l;
    }

    /** Called by the actors after each step they take. */
    boolean record(Event e) {
        Consumer<Event> l = listener;
        if (l != null) {
            l.accept(e);
        }
        return true;
    }

    // --- kernel functions used by more than one actor ---------------------------------------------

    /** mark_page_dirty(kvm, gfn) with set_bit_le: the atomic form (set-op: atomic). */
    void mark_page_dirty(int p) {
        m.set_bit(p);
    }

    /**
     * kvm_flush_remote_tlbs. sync: an IPI to every vCPU; each vCPU's TLB is emptied while holding its
     * tlbLock, so a guest write that used an old entry completes before the flush returns. async: a
     * KVM_REQ_TLB_FLUSH request that each vCPU serves at its next exit (step apply-flush), maybe after
     * the ioctl returned.
     */
    void kvm_flush_remote_tlbs() {
        for (int v = 0; v < m.bounds.vcpus(); v++) {
            if (variant.flush() == FlushMode.SYNC) {
                synchronized (m.tlbLock(v)) {
                    m.tlbFlushLocal(v);
                }
            } else {
                m.flushPending.set(v, 1);
            }
        }
    }

    /** True when no vCPU is inside its fault path and no host write is between its write and its mark. */
    boolean quiescent() {
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
    boolean kvm_vm_pause() {
        return pauseHolding(0);
    }

    private boolean pauseHolding(int v) {
        if (v < vcpus.size()) {
            synchronized (m.tlbLock(v)) {
                return pauseHolding(v + 1);
            }
        }
        if (host != null) {
            synchronized (host) {
                return pauseAll();
            }
        }
        return pauseAll();
    }

    private boolean pauseAll() {
        if (!quiescent()) {
            return false;
        }
        m.setPaused();
        for (int v = 0; v < vcpus.size(); v++) {
            if (m.flushPending.get(v) == 1) {
                m.tlbFlushLocal(v);
                m.flushPending.set(v, 0);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(m.toString());
        for (Actor a : actors) {
            sb.append("\n  ").append(a);
        }
        return sb.toString();
    }
}
