package dirtyproof.kvm;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.SpteUpdate;

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
 *                    locked: both under mmu_lock in the fault-lock mode (taken by the first step,
 *                    dropped by the last)
 *   mixed:           each fault takes the fast path above, or the slow path (the TDP MMU's
 *                    kvm_tdp_mmu_map): tdp-mmu-map takes mmu_lock in the fault-lock mode and reads the
 *                    SPTE; make_spte marks the page (the marker's steps); make-writable installs the
 *                    writable SPTE (tdp_mmu_set_spte_atomic: a cmpxchg against what the walk read, or with
 *                    spte-update: plain a store) and drops the lock. At the start of the fault both the
 *                    fast path's first step and tdp-mmu-map are enabled: the choice is a step.
 *   then the faulting write is retried: guest-write(p) again, same page.
 *   tlb-fill(p):     a speculative walk caches p when W[p]
 *   apply-flush:     serve a pending asynchronous flush request at an exit
 * </pre>
 */
public final class Vcpu implements Actor {

    private final VmContext vm;
    private final Machine m;
    final int id;
    private final String name;
    private final Marker marker;
    /** The fault path's steps: make-writable and the marker's steps, in fault-order. */
    private final Step[] faultProgram;
    /** For each step of faultProgram: -1 for make-writable, else the index of the marker's step. */
    private final int[] markIndex;
    private final boolean lockedFault;
    private final boolean mixed;
    private final LockMode faultLock;
    private final SpteUpdate spteUpdate;
    /** The slow path of fault-path: mixed: tdp-mmu-map, the marker's steps, make-writable. */
    private final Step[] slowProgram;
    /** For each step of slowProgram: -2 for tdp-mmu-map, -1 for make-writable, else the marker's step. */
    private final int[] slowMarkIndex;

    private int writesLeft;
    /** True from the EPT violation until the fault path's last step; read by pause-vcpus. */
    volatile boolean inFault;
    private int faultPage = -1;
    private int faultIndex;
    /** The page whose faulting write must be retried, or -1. */
    private int retryPage = -1;
    /** True on the slow path of fault-path: mixed, from tdp-mmu-map to the end of the fault. */
    private boolean slow;
    /** What tdp-mmu-map's walk read of the SPTE: true when W was set. */
    private boolean slowSawWritable;

    /** vCPU {@code id} of the VM, marking pages through the family's tracker. */
    public Vcpu(VmContext vm, int id, Tracker tracker) {
        this.vm = vm;
        this.m = vm.machine();
        this.id = id;
        this.name = "vcpu" + id;
        this.marker = tracker.marker(name, id);
        this.writesLeft = m.bounds.writes();
        this.lockedFault = vm.faultPath() == FaultPath.LOCKED;
        this.mixed = vm.faultPath() == FaultPath.MIXED;
        this.faultLock = vm.faultLock();
        this.spteUpdate = vm.spteUpdate();
        List<Step> prog = new ArrayList<>();
        List<Integer> mark = new ArrayList<>();
        for (FaultStep s : vm.faultOrder()) {
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
        int n = marker.steps().size();
        this.slowProgram = new Step[n + 2];
        this.slowMarkIndex = new int[n + 2];
        slowProgram[0] = Step.TDP_MMU_MAP;
        slowMarkIndex[0] = -2;
        for (int k = 0; k < n; k++) {
            slowProgram[k + 1] = marker.steps().get(k);
            slowMarkIndex[k + 1] = k;
        }
        slowProgram[n + 1] = Step.MAKE_WRITABLE;
        slowMarkIndex[n + 1] = -1;
    }

    /** What the slow path's walk read of the SPTE, as DirtyMachine.tla's slowSpte[v]: none, read-only or writable. */
    public String slowSpte() {
        return !slow ? "none" : slowSawWritable ? "writable" : "read-only";
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

    /** The page of the fault in progress, or -1. */
    public int faultPage() {
        return faultPage;
    }

    /** The fault path's next step, counted from 0; 0 out of a fault. */
    public int faultIndex() {
        return inFault ? faultIndex : 0;
    }

    /** The page whose faulting write is to be retried, or -1. */
    public int retryPage() {
        return retryPage;
    }

    /** Runs guest code: the VM is not paused and does not hold this vCPU out of guest mode. */
    private boolean inGuest() {
        return !m.paused() && !vm.vcpuHeldOut(id);
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
            if (mixed && !slow && faultIndex == 0) {
                // the choice of the mixed fault path: the fast path's first step, or the slow path's walk
                if (faultStepEnabled(faultProgram, markIndex)) {
                    r.add(new Event(name, faultProgram[0], faultPage));
                }
                if (m.mmuLockAvailable(faultLock)) {
                    r.add(new Event(name, Step.TDP_MMU_MAP, faultPage));
                }
            } else if (slow ? faultStepEnabled(slowProgram, slowMarkIndex) : faultStepEnabled(faultProgram, markIndex)) {
                r.add(new Event(name, (slow ? slowProgram : faultProgram)[faultIndex], faultPage));
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
        return taken && vm.record(e);
    }

    /** Whether the fault path's next step (faultIndex of program) could be taken now. */
    private boolean faultStepEnabled(Step[] program, int[] marks) {
        if (faultIndex == 0 && lockedFault && !m.mmuLockAvailable(faultLock)) {
            return false;
        }
        return marks[faultIndex] < 0 || marker.enabled(marks[faultIndex], faultPage);
    }

    /** One guest store to p: TLB hit, walk, or EPT violation (then the fault path runs and the store is retried). */
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
                marker.begin(p);
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
            if (!inGuest() || inFault || m.tlbHas(id, p) || m.spteW.get(p) == 0) {
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

    /** The next step of the fault path, as fault-path, fault-order, fault-lock and set-op say. */
    private boolean faultStep(Event e) {
        if (!inFault || e.arg() != faultPage) {
            return false;
        }
        int p = faultPage;
        if (mixed && !slow && faultIndex == 0 && e.step() == Step.TDP_MMU_MAP) {
            return kvm_tdp_mmu_map(p);
        }
        Step[] program = slow ? slowProgram : faultProgram;
        int[] marks = slow ? slowMarkIndex : markIndex;
        if (e.step() != program[faultIndex]) {
            return false;
        }
        boolean locked = lockedFault || slow;
        boolean first = lockedFault && faultIndex == 0;
        if (first && !m.tryMmuLock(id, faultLock)) {
            return false;
        }
        boolean spurious = false;
        if (marks[faultIndex] == -1) {
            if (slow) {
                tdp_mmu_set_spte_atomic(p);
            } else if (lockedFault) {
                mmu_set_spte(p);
            } else {
                spurious = !fast_pf_fix_direct_spte(p);
            }
        } else if (!marker.step(marks[faultIndex], p)) {
            if (first) {
                m.mmuUnlock(id, faultLock);
            }
            return false;
        }
        faultIndex++;
        if (spurious || faultIndex == program.length) {
            if (locked) {
                m.mmuUnlock(id, faultLock);
            }
            retryPage = p;
            faultPage = -1;
            marker.end();
            inFault = false;
            slow = false;
        }
        return true;
    }

    /**
     * The slow path's first step: kvm_tdp_mmu_page_fault takes mmu_lock in the fault-lock mode (read_lock on
     * the TDP MMU), then kvm_tdp_mmu_map walks to the SPTE and reads it (iter.old_spte).
     */
    private boolean kvm_tdp_mmu_map(int p) {
        if (!m.tryMmuLock(id, faultLock)) {
            return false;
        }
        slowSawWritable = m.spteW.get(p) == 1;
        slow = true;
        faultIndex = 1;
        return true;
    }

    /**
     * The slow path's install (tdp_mmu_map_handle_target_level): if the walk read a writable SPTE, make_spte
     * built the same one and nothing is written (RET_PF_SPURIOUS). Otherwise tdp_mmu_set_spte_atomic's
     * try_cmpxchg64 against what the walk read -- it fails, leaving W set, when another vCPU's fast path set W
     * in between (RET_PF_RETRY) -- or, with spte-update: plain, a store of the new SPTE whatever happened.
     */
    private void tdp_mmu_set_spte_atomic(int p) {
        if (slowSawWritable) {
            return;
        }
        if (spteUpdate == SpteUpdate.ATOMIC) {
            m.spteW.compareAndSet(p, 0, 1);
        } else {
            m.spteW.set(p, 1);
        }
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
     * mmu_lock if needed) and the store retried until it lands, waiting while the VM holds the vCPU out of guest
     * mode as long as it may let it in again. Returns false, without writing, when the VM is paused, this vCPU
     * has no writes left, or it is held out for good.
     */
    public boolean guestWriteBlocking(int p) {
        return guestWriteBlocking(p, false);
    }

    /**
     * {@link #guestWriteBlocking(int)} whose faults, with fault-path: mixed, take the slow path ({@code slowPath})
     * or the fast path: the choice of the mixed path made by the caller, so that Lincheck's scenarios explore
     * both and jcstress samples both.
     */
    public boolean guestWriteBlocking(int p, boolean slowPath) {
        if (slowPath && !mixed) {
            throw new IllegalArgumentException(name + ": a slow-path write needs fault-path: mixed");
        }
        while (true) {
            while (vm.vcpuHeldOut(id) && !m.paused() && vm.vcpuMayBeReleased(id)) {
                Thread.onSpinWait();   // e.g. KVM_EXIT_DIRTY_RING_FULL: wait for userspace's reset
            }
            if (!take(new Event(name, Step.GUEST_WRITE, p))) {
                return false;
            }
            Event next = faultEvent(slowPath);
            if (next == null) {
                return true;
            }
            while (next != null) {
                while (!take(next)) {
                    Thread.onSpinWait();
                }
                next = faultEvent(slowPath);
            }
        }
    }

    /**
     * The next step of the fault path in progress, or null when none is: a read of this vCPU's own position,
     * between its steps (model checkers need not switch threads inside it). At the choice of the mixed path, the
     * first step of the path asked for.
     */
    public Event faultEvent(boolean slowPath) {
        if (!inFault) {
            return null;
        }
        if (mixed && !slow && faultIndex == 0) {
            return new Event(name, slowPath ? Step.TDP_MMU_MAP : faultProgram[0], faultPage);
        }
        return new Event(name, (slow ? slowProgram : faultProgram)[faultIndex], faultPage);
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
        return name + ": writesLeft=" + writesLeft + (inFault ? " in " + (slow ? "the slow path (walk read "
                + slowSpte() + ")" : "fault") + " on p" + faultPage + " at " + (slow ? slowProgram : faultProgram)[faultIndex]
                : "") + (retryPage >= 0 ? " retry p" + retryPage : "") + vm.vcpuNote(id);
    }
}
