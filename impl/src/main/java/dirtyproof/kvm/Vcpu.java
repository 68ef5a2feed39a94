package dirtyproof.kvm;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A vCPU: the guest's writes and the write-fault path that serves them (DESIGN.md §2, rules 1–3).
 *
 * <pre>
 *   guest-write(p):  p in tlb[v]          -> mem[p]++                       (no fault, nothing logged)
 *                    else W[p]            -> tlb[v] += p; mem[p]++           (walk, no lock)
 *                    else                 -> EPT violation: enter the fault path for p
 *   fault path:      fault-order over make-writable and mark-dirty (the family's Marker steps:
 *                    set_bit, __set_bit, a ring push); fast: lockless, make-writable is
 *                    fast_pf_fix_direct_spte's cmpxchg of W (if it loses, the fault is spurious and ends);
 *                    locked: both under mmu_lock (taken by the first step, dropped by the last)
 *   then the faulting write is retried: guest-write(p) again, same page.
 *   tlb-fill(p):     a speculative walk caches p when W[p]
 *   apply-flush:     serve a pending asynchronous flush request at an exit
 * </pre>
 */
public final class Vcpu implements Actor {

    private final Kvm kvm;
    private final Machine m;
    final int id;
    private final String name;
    private final Marker marker;
    /** The fault path's steps: make-writable and the marker's steps, in fault-order. */
    private final Step[] faultProgram;
    /** For each step of faultProgram: -1 for make-writable, else the index of the marker's step. */
    private final int[] markIndex;
    private final boolean lockedFault;

    private int writesLeft;
    /** True from the EPT violation until the fault path's last step; read by pause-vcpus. */
    volatile boolean inFault;
    private int faultPage = -1;
    private int faultIndex;
    /** The page whose faulting write must be retried, or -1. */
    private int retryPage = -1;

    Vcpu(Kvm kvm, int id, Tracker tracker) {
        this.kvm = kvm;
        this.m = kvm.m;
        this.id = id;
        this.name = "vcpu" + id;
        this.marker = tracker.marker(name, id);
        this.writesLeft = kvm.variant.bounds().writes();
        this.lockedFault = kvm.variant.machine().faultPath() == FaultPath.LOCKED;
        List<Step> prog = new ArrayList<>();
        List<Integer> mark = new ArrayList<>();
        for (FaultStep s : kvm.variant.machine().faultOrder()) {
            if (s == FaultStep.MARK_DIRTY) {
                for (int k = 0; k < marker.steps().size(); k++) {
                    prog.add(marker.steps().get(k));
                    mark.add(k);
                }
            } else {
                prog.add(s.step);
                mark.add(-1);
            }
        }
        this.faultProgram = prog.toArray(new Step[0]);
        this.markIndex = mark.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The vCPU's index: 0 for vcpu0. */
    public int index() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    public int writesLeft() {
        return writesLeft;
    }

    /** True while this vCPU is inside its fault path. */
    public boolean inFault() {
        return inFault;
    }

    @Override
    public boolean done() {
        return !inFault && (writesLeft == 0 || m.paused());
    }

    @Override
    public boolean busy() {
        return inFault;
    }

    @Override
    public Role role() {
        return Role.VCPU;
    }

    @Override
    public List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (inFault) {
            if (!(faultIndex == 0 && lockedFault && m.mmuLock.get() != Machine.FREE)
                    && (markIndex[faultIndex] < 0 || marker.enabled(markIndex[faultIndex], faultPage))) {
                r.add(new Event(name, faultProgram[faultIndex], faultPage));
            }
            return r;
        }
        synchronized (m.tlbLock(id)) {
            if (!m.paused()) {
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

    /** One guest store to p: TLB hit, walk, or EPT violation (then the fault path runs and the store is retried). */
    private boolean guestWrite(int p) {
        if (p < 0 || p >= m.bounds.pages()) {
            return false;
        }
        synchronized (m.tlbLock(id)) {
            if (m.paused() || inFault || writesLeft == 0 || (retryPage >= 0 && p != retryPage)) {
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

    /** A speculative walk: the hardware caches a writable translation without writing. */
    private boolean tlbFill(int p) {
        if (p < 0 || p >= m.bounds.pages()) {
            return false;
        }
        synchronized (m.tlbLock(id)) {
            if (m.paused() || inFault || m.tlbHas(id, p) || m.spteW.get(p) == 0) {
                return false;
            }
            m.tlbFill(id, p);
            return true;
        }
    }

    /** kvm_service_local_tlb_flush_requests: the vCPU serves a KVM_REQ_TLB_FLUSH at an exit. */
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

    /** The next step of the fault path, as fault-order, fault-path and set-op say. */
    private boolean faultStep(Event e) {
        if (!inFault || e.step() != faultProgram[faultIndex] || e.arg() != faultPage) {
            return false;
        }
        int p = faultPage;
        if (faultIndex == 0 && lockedFault && !m.mmuLock.compareAndSet(Machine.FREE, id)) {
            return false;
        }
        boolean spurious = false;
        if (markIndex[faultIndex] < 0) {
            spurious = lockedFault ? !mmu_set_spte(p) : !fast_pf_fix_direct_spte(p);
        } else if (!marker.step(markIndex[faultIndex], p)) {
            if (faultIndex == 0 && lockedFault) {
                m.mmuLock.set(Machine.FREE);
            }
            return false;
        }
        faultIndex++;
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

    /**
     * fast_page_fault -> fast_pf_fix_direct_spte: try_cmpxchg64(sptep, old_spte, old_spte | PT_WRITABLE_MASK)
     * on an MMU-writable SPTE, without mmu_lock. Returns false when the cmpxchg lost to another vCPU (W was
     * already set): the fault is spurious and the kernel does not mark the page.
     */
    private boolean fast_pf_fix_direct_spte(int p) {
        if (m.spteMW.get(p) == 0) {
            throw new IllegalStateException("p" + p + " is not MMU-writable: dirty logging write-protection never clears MW");
        }
        return m.spteW.compareAndSet(p, 0, 1);
    }

    /** The locked path installs the writable SPTE under mmu_lock (make_spte marks before, whatever W was). */
    private boolean mmu_set_spte(int p) {
        m.spteW.set(p, 1);
        return true;
    }

    // --- blocking operations, for real threads, jcstress and Lincheck -----------------------------

    /**
     * One whole guest write to p, from the store to its completion: the fault path is run (spinning on
     * mmu_lock if needed) and the store retried until it lands. Returns false, without writing, when the
     * VM is paused or this vCPU has no writes left.
     */
    public boolean guestWriteBlocking(int p) {
        while (true) {
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

    /** A speculative walk of p; false when W[p] is clear or p is cached already. */
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
                + faultProgram[faultIndex] : "") + (retryPage >= 0 ? " retry p" + retryPage : "");
    }
}
