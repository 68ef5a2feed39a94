package dirtyproof.ring;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.ring.RingConfig.PushStore;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A vCPU of the ring families: the machine's guest writes, speculative walks and fault path (DESIGN.md §2), with
 * mark_page_dirty_in_slot being kvm_dirty_ring_push to the vCPU's own ring, in two steps (push.fields,
 * push.flag in the variant's push-order). The vCPU runs guest code only while its ring does not hold it out
 * (soft full with soft-full-exit: kvm_dirty_ring_check_request, the first check of every guest entry, exits with
 * KVM_EXIT_DIRTY_RING_FULL and re-arms the request until a reset lowers the ring's use) and while it is not in the
 * kernel doing the host's write (host-writes).
 */
public final class RingVcpu implements Actor {

    private final Ring kvm;
    private final Machine m;
    final int id;
    private final String name;
    private final Step[] faultProgram;
    private final boolean lockedFault;
    private final boolean releaseFlag;
    private final KvmDirtyRing ring;

    private int writesLeft;
    volatile boolean inFault;
    private int faultPage = -1;
    private int faultIndex;
    private int retryPage = -1;

    RingVcpu(Ring kvm, int id) {
        this.kvm = kvm;
        this.m = kvm.m;
        this.id = id;
        this.name = "vcpu" + id;
        this.ring = kvm.rings[id];
        this.writesLeft = kvm.cfg.bounds().writes();
        this.lockedFault = kvm.cfg.faultPath() == FaultPath.LOCKED;
        this.releaseFlag = kvm.cfg.pushOrder().get(0) == PushStore.FIELDS;
        List<Step> prog = new ArrayList<>();
        for (FaultStep s : kvm.cfg.faultOrder()) {
            if (s == FaultStep.MARK_DIRTY) {
                prog.addAll(pushProgram(kvm.cfg));
            } else {
                prog.add(s.step);
            }
        }
        this.faultProgram = prog.toArray(new Step[0]);
    }

    /** The push's two steps in the variant's order. */
    static List<Step> pushProgram(RingConfig cfg) {
        List<Step> l = new ArrayList<>();
        for (PushStore s : cfg.pushOrder()) {
            l.add(s == PushStore.FIELDS ? Step.PUSH_FIELDS : Step.PUSH_FLAG);
        }
        return l;
    }

    @Override
    public String name() {
        return name;
    }

    public int writesLeft() {
        return writesLeft;
    }

    public boolean inFault() {
        return inFault;
    }

    int faultPage() {
        return faultPage;
    }

    int faultIndex() {
        return inFault ? faultIndex : 0;
    }

    int retryPage() {
        return retryPage;
    }

    @Override
    public boolean done() {
        return !inFault && (writesLeft == 0 || m.paused());
    }

    @Override
    public Role role() {
        return Role.VCPU;
    }

    @Override
    public boolean busy() {
        return inFault;
    }

    /** Runs guest code: not paused, not held out by its ring, not in the kernel for the host. */
    private boolean inGuest() {
        return !m.paused() && !kvm.blocked(id) && !kvm.hostBusyOn(id);
    }

    @Override
    public List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (inFault) {
            if (!(faultIndex == 0 && lockedFault && m.mmuLock.get() != Machine.FREE)) {
                r.add(new Event(name, faultProgram[faultIndex], faultPage));
            }
            return r;
        }
        synchronized (m.tlbLock(id)) {
            if (inGuest()) {
                if (retryPage >= 0) {
                    r.add(new Event(name, Step.GUEST_WRITE, retryPage));
                } else if (writesLeft > 0) {
                    for (int p = 0; p < m.bounds.pages(); p++) {
                        r.add(new Event(name, Step.GUEST_WRITE, p));
                    }
                }
                for (int p = 0; p < m.bounds.pages(); p++) {
                    if (m.spteW.get(p) == 1 && !m.tlbHas(id, p)) {
                        r.add(new Event(name, Step.TLB_FILL, p));
                    }
                }
            }
            if (m.flushPending.get(id) == 1) {
                r.add(Event.of(name, Step.APPLY_FLUSH));
            }
        }
        return r;
    }

    @Override
    public boolean take(Event e) {
        if (!e.actor().equals(name)) {
            return false;
        }
        int p = e.arg();
        boolean taken;
        switch (e.step()) {
            case GUEST_WRITE:
                taken = guestWrite(p);
                break;
            case TLB_FILL:
                taken = tlbFill(p);
                break;
            case APPLY_FLUSH:
                taken = applyFlush();
                break;
            default:
                taken = faultStep(e);
        }
        return taken && kvm.record(e);
    }

    private boolean guestWrite(int p) {
        if (p < 0 || p >= m.bounds.pages()) {
            return false;
        }
        synchronized (m.tlbLock(id)) {
            if (!inGuest() || inFault || writesLeft == 0 || (retryPage >= 0 && p != retryPage)) {
                return false;
            }
            if (m.tlbHas(id, p) || m.spteW.get(p) == 1) {
                m.tlbFill(id, p);
                m.mem.incrementAndGet(p);
                writesLeft--;
                retryPage = -1;
            } else {
                faultPage = p;
                faultIndex = 0;
                inFault = true;
            }
            return true;
        }
    }

    private boolean tlbFill(int p) {
        if (p < 0 || p >= m.bounds.pages()) {
            return false;
        }
        synchronized (m.tlbLock(id)) {
            if (!inGuest() || inFault || m.tlbHas(id, p) || m.spteW.get(p) == 0) {
                return false;
            }
            m.tlbFill(id, p);
            return true;
        }
    }

    private boolean applyFlush() {
        synchronized (m.tlbLock(id)) {
            if (inFault || m.flushPending.get(id) == 0) {
                return false;
            }
            m.tlbFlushLocal(id);
            m.flushPending.set(id, 0);
            return true;
        }
    }

    private boolean faultStep(Event e) {
        if (!inFault || e.step() != faultProgram[faultIndex] || e.arg() != faultPage) {
            return false;
        }
        int p = faultPage;
        if (faultIndex == 0 && lockedFault && !m.mmuLock.compareAndSet(Machine.FREE, id)) {
            return false;
        }
        boolean spurious = false;
        switch (e.step()) {
            case MAKE_WRITABLE:
                if (lockedFault) {
                    m.spteW.set(p, 1);
                } else {
                    spurious = !fast_pf_fix_direct_spte(p);
                }
                break;
            case PUSH_FIELDS:
                ring.pushFields(p);
                break;
            case PUSH_FLAG:
                ring.pushFlag(releaseFlag);
                break;
            default:
                throw new IllegalStateException("not a fault step: " + e);
        }
        faultIndex++;
        if (e.step() != Step.MAKE_WRITABLE && (faultIndex == faultProgram.length
                || faultProgram[faultIndex] == Step.MAKE_WRITABLE)) {
            ring.pushDone();
        }
        if ((spurious && !lockedFault) || faultIndex == faultProgram.length) {
            if (lockedFault) {
                m.mmuLock.set(Machine.FREE);
            }
            retryPage = p;
            faultPage = -1;
            inFault = false;
        }
        return true;
    }

    /** try_cmpxchg64 of the MMU-writable SPTE to writable without mmu_lock; false (spurious) when W was set. */
    private boolean fast_pf_fix_direct_spte(int p) {
        if (m.spteMW.get(p) == 0) {
            throw new IllegalStateException("p" + p + " is not MMU-writable: dirty logging never clears MW");
        }
        return m.spteW.compareAndSet(p, 0, 1);
    }

    // --- blocking operations, for real threads, jcstress and Lincheck -----------------------------

    /**
     * One whole guest write to p: the fault path (push included) and the retried store, spinning while mmu_lock
     * is held, and while the ring holds the vCPU out of the guest as long as a reaper may still reset it. Returns
     * false without writing when the VM is paused, no write is left, or the ring holds the vCPU out with no reaper
     * left to reset it before the pause.
     */
    public boolean guestWriteBlocking(int p) {
        while (true) {
            while (kvm.blocked(id) && !m.paused() && kvm.reapersLive()) {
                Thread.onSpinWait();   // KVM_EXIT_DIRTY_RING_FULL: wait for userspace's reset
            }
            if (!take(new Event(name, Step.GUEST_WRITE, p))) {
                return false;
            }
            if (!inFault) {
                return true;
            }
            while (inFault) {
                Event next = new Event(name, faultProgram[faultIndex], faultPage);
                while (!take(next)) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** A speculative walk of p; false when W[p] is clear, p is cached already, or the vCPU is out of the guest. */
    public boolean tlbFillNow(int p) {
        return take(new Event(name, Step.TLB_FILL, p));
    }

    /** Serves a pending asynchronous flush; false when none is pending. */
    public boolean applyFlushNow() {
        return take(Event.of(name, Step.APPLY_FLUSH));
    }

    @Override
    public String toString() {
        return name + ": writesLeft=" + writesLeft + (inFault ? " in fault on p" + faultPage + " at "
                + faultProgram[faultIndex] : "") + (retryPage >= 0 ? " retry p" + retryPage : "")
                + (kvm.blocked(id) ? " held out (ring soft full)" : "");
    }
}
