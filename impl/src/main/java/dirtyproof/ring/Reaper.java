package dirtyproof.ring;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.ring.RingConfig.CollectStep;
import dirtyproof.ring.RingConfig.ProgramStep;
import dirtyproof.ring.RingConfig.ResetStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A userspace thread that reaps the rings, and the KVM_RESET_DIRTY_RINGS calls it makes (DirtyRing.tla,
 * "Userspace: the reapers and their rounds"). Reaper 0 is the migration thread ({@code harvester}): it runs
 * {@code rounds} live rounds of the variant's harvest, then the final round (pause-vcpus, device-save and the
 * backup bitmap's read with ring-with-bitmap, the harvest). With reapers: 2, reaper 1 ({@code reaper1}) owns the
 * odd rings, runs one harvest without sends during the live rounds and hands what it collected to the migration
 * thread after its ioctl returned.
 *
 * <pre>
 *   collect       per owned ring, from its fetch index, per entry the steps of collect-order:
 *                   collect.load-flag   load-acquire of the flags; not DIRTY: the ring is done
 *                   collect.read-gfn    the entry's slot and offset
 *                   collect.mark-reset  store-release of RESET
 *                 then the gfn joins the collected pages (kvm_dirty_ring_mark_page) and fetch advances;
 *                 collect.skip (collect-skip, once) steps over a DIRTY entry
 *   reset-rings   slots_lock; per ring (every vCPU's): reset.read (load-acquire; stop at the first entry not
 *                 RESET), reset.invalidate (flags := 0, reset_index++), reset.write-protect of the batch under
 *                 mmu_lock (reset-order); reset.interrupt (reset-interrupt, once) abandons the open batch;
 *                 slots_lock dropped
 *   flush-tlb     kvm_flush_remote_tlbs if the call reset an entry (flush-when: always, unconditionally)
 *   send          the collected pages, ascending, one per step
 * </pre>
 */
public final class Reaper implements Actor {

    /** The phase of the reset's walk of a ring. */
    enum Phase {
        READ("read"), INVALIDATE("invalidate"), WRITE_PROTECT("write-protect");

        final String id;

        Phase(String id) {
            this.id = id;
        }
    }

    private final Ring kvm;
    private final Machine m;
    final int id;
    private final String name;
    private final List<Integer> owned;
    private final boolean acquireFlags;
    private final boolean invalidateFirst;

    /** The migration thread's round: rounds is the final round, rounds + 1 done (reaper 0 only). */
    private volatile int round;
    private volatile int pc;
    /** Pages collected and not yet sent or handed over; reaper 1 adds to reaper 0's (synchronized on it). */
    private long pend;
    private int cRing = -1;
    private int cPc;
    private int cGfn = -1;
    private int rsRing = -1;
    private Phase rsPhase = Phase.READ;
    private long rsMask;
    private int rsGfn = -1;
    private int rsN;
    private boolean rsCleared;
    private boolean rsChanged;

    Reaper(Ring kvm, int id) {
        this.kvm = kvm;
        this.m = kvm.m;
        this.id = id;
        this.name = id == 0 ? "harvester" : "reaper" + id;
        this.owned = kvm.ringsOf(id);
        List<CollectStep> co = kvm.cfg.collectOrder();
        this.acquireFlags = co.indexOf(CollectStep.LOAD_FLAG) < co.indexOf(CollectStep.READ_GFN);
        this.invalidateFirst = kvm.cfg.resetOrder().get(0) == ResetStep.INVALIDATE;
        int rounds = kvm.cfg.bounds().rounds();
        this.round = id == 0 ? (rounds > 0 && kvm.hasLiveWork() ? 0 : rounds) : 0;
        this.pc = 0;
    }

    @Override
    public String name() {
        return name;
    }

    // --- for observe() --------------------------------------------------------------------------
    int round() {
        return round;
    }

    int pc() {
        return pc;
    }

    synchronized long pendMask() {
        return pend;
    }

    int cRing() {
        return cRing;
    }

    int cPc() {
        return cPc;
    }

    int cGfn() {
        return cGfn;
    }

    int rsRing() {
        return rsRing;
    }

    String rsPhase() {
        return rsPhase.id;
    }

    long rsMask() {
        return rsMask;
    }

    int rsGfn() {
        return rsGfn;
    }

    int rsN() {
        return rsN;
    }

    boolean rsCleared() {
        return rsCleared;
    }

    boolean rsChanged() {
        return rsChanged;
    }

    /** Whether this reaper's flush step, next, flushes (DirtyMachine's FlushWanted). */
    boolean flushWanted() {
        return switch (kvm.cfg.flushWhen()) {
            case ALWAYS -> true;
            case BITS_CONSUMED -> rsCleared;
            case SPTE_CHANGED -> rsChanged;
        };
    }

    // --- the program ----------------------------------------------------------------------------

    private List<ProgramStep> programIn(int rd) {
        if (id != 0) {
            return kvm.reaper1Program();
        }
        return rd < kvm.cfg.bounds().rounds() ? kvm.liveProgram() : kvm.finalProgram();
    }

    private List<ProgramStep> program() {
        return programIn(round);
    }

    private boolean running() {
        if (id == 0) {
            return round <= kvm.cfg.bounds().rounds();
        }
        return pc < kvm.reaper1Program().size() && (pc > 0 || !m.paused());
    }

    private boolean at(ProgramStep s) {
        return running() && program().get(pc) == s;
    }

    /** Reaper 1 has not started its harvest, or has finished it. */
    boolean idle() {
        return pc == 0 || pc >= kvm.reaper1Program().size();
    }

    @Override
    public boolean done() {
        return id == 0 ? round > kvm.cfg.bounds().rounds() : pc >= kvm.reaper1Program().size();
    }

    private static int nextIndex(List<ProgramStep> prog, int j, long pa) {
        return j < prog.size() && prog.get(j) == ProgramStep.SEND && pa == 0 ? j + 1 : j;
    }

    /** The current harvest step is finished, the reaper's collected pages being pa (DirtyRing.tla: Advance). */
    private void advance(long pa) {
        List<ProgramStep> prog = program();
        int j = nextIndex(prog, pc + 1, pa);
        if (j < prog.size()) {
            setPend(pa);
            pc = j;
        } else if (id == 0) {
            setPend(pa);
            int next = round + 1;
            pc = next <= kvm.cfg.bounds().rounds() ? nextIndex(programIn(next), 0, pa) : 0;
            round = next;
        } else {
            Reaper h = kvm.harvester();
            synchronized (h) {
                h.pend |= pa;
            }
            setPend(0);
            pc = j;
        }
    }

    private synchronized void setPend(long pa) {
        pend = pa;
    }

    // --- collect --------------------------------------------------------------------------------

    private int curRing() {
        return cRing < 0 ? owned.get(0) : cRing;
    }

    private CollectStep collectAt() {
        return kvm.cfg.collectOrder().get(cPc);
    }

    private void collectStepDone(int gfn) {
        int v = curRing();
        cRing = v;
        if (cPc == 2) {
            synchronized (this) {
                pend |= 1L << gfn;
            }
            kvm.fetch[v]++;
            cPc = 0;
            cGfn = -1;
        } else {
            cPc++;
            cGfn = gfn;
        }
    }

    private void ringCollected() {
        int v = curRing();
        cPc = 0;
        cGfn = -1;
        int i = owned.indexOf(v);
        if (i + 1 < owned.size()) {
            cRing = owned.get(i + 1);
        } else {
            cRing = -1;
            advance(pendMask());
        }
    }

    // --- reset-rings ----------------------------------------------------------------------------

    private int curRsRing() {
        return rsRing < 0 ? 0 : rsRing;
    }

    private void ringResetDone() {
        rsPhase = Phase.READ;
        rsMask = 0;
        rsGfn = -1;
        rsN = 0;
        if (curRsRing() < kvm.rings.length - 1) {
            rsRing = curRsRing() + 1;
        } else {
            rsRing = -1;
            kvm.slotsLock.set(Machine.FREE);
            advance(pendMask());
        }
    }

    // --- the actor ------------------------------------------------------------------------------

    /**
     * Synchronized on this reaper, with {@link #take}: reaper 1 hands its pages to the migration thread under the
     * migration thread's monitor, so a step of the migration thread that reads and rewrites its collected pages
     * (a send, the end of a step) is atomic with respect to that hand-over, as the step is in DirtyRing.tla.
     */
    @Override
    public synchronized List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (!running()) {
            return r;
        }
        ProgramStep s = program().get(pc);
        switch (s) {
            case COLLECT: {
                int v = curRing();
                Step st = switch (collectAt()) {
                    case LOAD_FLAG -> Step.COLLECT_LOAD_FLAG;
                    case READ_GFN -> Step.COLLECT_READ_GFN;
                    case MARK_RESET -> Step.COLLECT_MARK_RESET;
                };
                r.add(new Event(name, st, v));
                if (skipEnabled()) {
                    r.add(new Event(name, Step.COLLECT_SKIP, v));
                }
                break;
            }
            case RESET_RINGS: {
                int v = curRsRing();
                switch (rsPhase) {
                    case READ:
                        if (rsRing >= 0 || kvm.slotsLock.get() == Machine.FREE) {
                            r.add(new Event(name, Step.RESET_READ, v));
                        }
                        if (interruptEnabled()) {
                            r.add(new Event(name, Step.RESET_INTERRUPT, v));
                        }
                        break;
                    case INVALIDATE:
                        r.add(new Event(name, Step.RESET_INVALIDATE, v));
                        break;
                    case WRITE_PROTECT:
                        if (m.mmuLock.get() == Machine.FREE) {
                            r.add(new Event(name, Step.RESET_WRITE_PROTECT, v));
                        }
                        break;
                    default:
                        break;
                }
                break;
            }
            case FLUSH_TLB:
                r.add(Event.of(name, Step.FLUSH_TLB));
                break;
            case SEND: {
                long pa = pendMask();
                if (pa != 0) {
                    r.add(new Event(name, Step.SEND, Long.numberOfTrailingZeros(pa)));
                }
                break;
            }
            case PAUSE_VCPUS:
                if (kvm.quiescent() && kvm.reaper1Idle()) {
                    r.add(Event.of(name, Step.PAUSE_VCPUS));
                }
                break;
            case DEVICE_SAVE:
                for (int p = 0; p < m.bounds.pages(); p++) {
                    r.add(new Event(name, Step.DEVICE_SAVE, p));
                }
                break;
            case GET_BITMAP:
                r.add(Event.of(name, Step.GET_BITMAP));
                break;
            default:
                break;
        }
        return r;
    }

    private boolean skipEnabled() {
        int v = curRing();
        return kvm.cfg.collectSkip() && !kvm.skipped && cPc == 0
                && kvm.rings[v].loadFlags(kvm.fetch[v], true) == KvmDirtyRing.DIRTY;
    }

    private boolean interruptEnabled() {
        return kvm.cfg.resetInterrupt() && !kvm.interrupted && rsPhase == Phase.READ && rsRing >= 0;
    }

    @Override
    public synchronized boolean take(Event e) {
        if (!e.actor().equals(name) || !running()) {
            return false;
        }
        boolean ok = switch (program().get(pc)) {
            case COLLECT -> collect(e);
            case RESET_RINGS -> reset(e);
            case FLUSH_TLB -> flush(e);
            case SEND -> send(e);
            case PAUSE_VCPUS -> pause(e);
            case DEVICE_SAVE -> deviceSave(e);
            case GET_BITMAP -> getBitmap(e);
        };
        return ok && kvm.record(e);
    }

    private boolean collect(Event e) {
        int v = curRing();
        if (e.arg() != v) {
            return false;
        }
        KvmDirtyRing ring = kvm.rings[v];
        int index = kvm.fetch[v];
        if (e.step() == Step.COLLECT_SKIP) {
            if (!skipEnabled()) {
                return false;
            }
            kvm.fetch[v]++;
            cRing = v;
            kvm.skipped = true;
            return true;
        }
        CollectStep s = collectAt();
        switch (s) {
            case LOAD_FLAG:
                if (e.step() != Step.COLLECT_LOAD_FLAG) {
                    return false;
                }
                if (ring.loadFlags(index, acquireFlags) == KvmDirtyRing.DIRTY) {
                    collectStepDone(cGfn);
                } else {
                    ringCollected();
                }
                return true;
            case READ_GFN:
                if (e.step() != Step.COLLECT_READ_GFN) {
                    return false;
                }
                collectStepDone(ring.readGfn(index));
                return true;
            case MARK_RESET:
                if (e.step() != Step.COLLECT_MARK_RESET) {
                    return false;
                }
                ring.markReset(index);
                collectStepDone(cGfn);
                return true;
            default:
                return false;
        }
    }

    private boolean reset(Event e) {
        int v = curRsRing();
        if (e.arg() != v) {
            return false;
        }
        KvmDirtyRing ring = kvm.rings[v];
        switch (e.step()) {
            case RESET_READ: {
                if (rsPhase != Phase.READ) {
                    return false;
                }
                if (rsRing < 0) {
                    if (!kvm.slotsLock.compareAndSet(Machine.FREE, id)) {
                        return false;
                    }
                    rsCleared = false;
                    rsChanged = false;
                    rsRing = v;
                }
                int index = ring.resetIndex() + rsN;
                boolean harvested = ring.loadFlags(index, true) == KvmDirtyRing.RESET
                        && (invalidateFirst || rsN < ring.size);
                if (harvested) {
                    if (invalidateFirst) {
                        rsGfn = ring.readGfn(index);
                        rsPhase = Phase.INVALIDATE;
                    } else {
                        rsMask |= 1L << ring.readGfn(index);
                        rsN++;
                    }
                } else if (rsMask != 0) {
                    rsPhase = Phase.WRITE_PROTECT;
                } else {
                    ringResetDone();
                }
                return true;
            }
            case RESET_INVALIDATE: {
                if (rsPhase != Phase.INVALIDATE) {
                    return false;
                }
                ring.invalidate();
                rsCleared = true;
                if (invalidateFirst) {
                    rsMask |= 1L << rsGfn;
                    rsGfn = -1;
                    rsPhase = Phase.READ;
                } else if (rsN > 1) {
                    rsN--;
                } else {
                    ringResetDone();
                }
                return true;
            }
            case RESET_WRITE_PROTECT: {
                if (rsPhase != Phase.WRITE_PROTECT) {
                    return false;
                }
                int changed = kvm.kvm_reset_dirty_gfn(rsMask);
                if (changed < 0) {
                    return false;
                }
                rsChanged |= changed > 0;
                if (invalidateFirst) {
                    ringResetDone();
                } else {
                    rsPhase = Phase.INVALIDATE;
                    rsMask = 0;
                }
                return true;
            }
            case RESET_INTERRUPT: {
                if (!interruptEnabled()) {
                    return false;
                }
                kvm.interrupted = true;
                rsRing = -1;
                rsPhase = Phase.READ;
                rsMask = 0;
                rsGfn = -1;
                rsN = 0;
                kvm.slotsLock.set(Machine.FREE);
                advance(pendMask());
                return true;
            }
            default:
                return false;
        }
    }

    private boolean flush(Event e) {
        if (e.step() != Step.FLUSH_TLB) {
            return false;
        }
        if (flushWanted()) {
            kvm.kvm_flush_remote_tlbs();
        }
        advance(pendMask());
        return true;
    }

    private boolean send(Event e) {
        long pa = pendMask();
        if (e.step() != Step.SEND || pa == 0 || e.arg() != Long.numberOfTrailingZeros(pa)) {
            return false;
        }
        int p = e.arg();
        m.dest.set(p, m.mem.get(p));
        long rest = pa & ~(1L << p);
        if (rest == 0) {
            advance(0);
        } else {
            synchronized (this) {
                pend &= ~(1L << p);
            }
        }
        return true;
    }

    private boolean pause(Event e) {
        if (e.step() != Step.PAUSE_VCPUS || !kvm.kvm_vm_pause()) {
            return false;
        }
        advance(pendMask());
        return true;
    }

    /** A write with no running vCPU: the backup bitmap (ring-with-bitmap) records it, or nothing does. */
    private boolean deviceSave(Event e) {
        int p = e.arg();
        if (e.step() != Step.DEVICE_SAVE || p < 0 || p >= m.bounds.pages()) {
            return false;
        }
        m.mem.incrementAndGet(p);
        if (kvm.cfg.withBitmap()) {
            kvm.bitmap.set_bit(p);
        }
        advance(pendMask());
        return true;
    }

    /** KVM_GET_DIRTY_LOG of the backup bitmap (vCPUs stopped): its pages join the collected ones, and it clears. */
    private boolean getBitmap(Event e) {
        if (e.step() != Step.GET_BITMAP) {
            return false;
        }
        long got = 0;
        for (int w = 0; w < m.bounds.words(); w++) {
            long word = kvm.bitmap.xchg(w);
            for (int p : m.pagesOf(w, word)) {
                got |= 1L << p;
            }
        }
        advance(pendMask() | got);
        return true;
    }

    // --- blocking, for real threads -------------------------------------------------------------

    /** True while this reaper has live-round work left: reaper 0 before its final round, reaper 1 before its end. */
    boolean live() {
        if (id == 0) {
            return round < kvm.cfg.bounds().rounds();
        }
        return running();
    }

    /**
     * The reaper's live rounds, blocking (the operation live-rounds of Lincheck's and jcstress's threads): the
     * migration thread runs its live rounds up to the start of the final round; reaper 1 runs its one harvest.
     * Returns false when there was nothing to run.
     */
    public boolean liveRoundsBlocking() {
        boolean any = false;
        while (live()) {
            if (takeOne()) {
                any = true;
            } else {
                Thread.onSpinWait();
            }
        }
        return any;
    }

    /** Takes steps while the reaper is live and at harvest step s. */
    boolean runWhileAt(ProgramStep s) {
        boolean any = false;
        while (live() && at(s)) {
            if (takeOne()) {
                any = true;
            } else {
                Thread.onSpinWait();
            }
        }
        return any;
    }

    /** Takes steps until the reaper is at harvest step s, or no longer live. */
    boolean runUntilAt(ProgramStep s) {
        boolean any = false;
        while (live() && !at(s)) {
            if (takeOne()) {
                any = true;
            } else {
                Thread.onSpinWait();
            }
        }
        return any;
    }

    /**
     * Takes one enabled step, preferring the variant's faults where it has them, so that a run on real threads
     * shows them: collect-skip steps over the first DIRTY entry it meets; reset-interrupt takes its signal at the
     * first top of the walk with an open batch (what loses the batch's protection). Returns false when no step
     * is enabled now.
     */
    private boolean takeOne() {
        List<Event> en = enabled();
        for (Event e : en) {
            boolean fault = e.step() == Step.COLLECT_SKIP || (e.step() == Step.RESET_INTERRUPT && rsMask != 0);
            if (fault && take(e)) {
                return true;
            }
        }
        for (Event e : en) {
            if (e.step() != Step.COLLECT_SKIP && e.step() != Step.RESET_INTERRUPT && take(e)) {
                return true;
            }
        }
        return false;
    }

    /** Takes this reaper's next step, waiting while none is enabled; false once it is done. */
    public boolean stepBlocking() {
        while (!done()) {
            if (takeOne()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public String toString() {
        return name + ": " + (done() ? "done" : (id == 0 ? "round " + round + " " : "") + "at "
                + (running() ? program().get(pc).id : "(idle)") + " pend=" + Ring.pages(pendMask())
                + (rsRing >= 0 ? " resetting ring" + rsRing + " " + rsPhase.id + " batch=" + Ring.pages(rsMask) : ""));
    }
}
