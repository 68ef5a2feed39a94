package dirtyproof.getlog;

import dirtyproof.bitmaps.HarvestProgram;
import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.variant.ClearOp;
import dirtyproof.variant.Variant;

import java.util.Arrays;
import java.util.List;

/**
 * The harvester: userspace's migration thread and the KVM_GET_DIRTY_LOG ioctl it calls (DESIGN.md §2,
 * "Migration"). It runs {@code rounds} live rounds, then the final round:
 *
 * <pre>
 *   live round:   kvm_get_dirty_log_protect (the harvest steps, in the variant's order), then
 *                 send(p) for every page the ioctl reported, ascending, one page per step
 *   final round:  pause-vcpus, then the same harvest and sends
 * </pre>
 *
 * A harvest step expands to one atomic step per bitmap word for snapshot-clear (two with clear-op
 * load-store) and write-protect, one for flush-tlb and copy-to-user. A maximal run of neighbouring
 * harvest steps listed in mmu-lock is one critical section: its first step takes mmu_lock in the
 * harvest-lock mode, its last drops it. The flush step flushes when flush-when says so: always, when the
 * harvest took a dirty bit, or when a write-protect step cleared some SPTE's W. A step placed ahead of the step that feeds it acts on what exists then: write-protect before
 * snapshot-clear protects the pages set in the live bitmap; copy-to-user before it copies the snapshot
 * buffer, which each harvest starts empty (the kernel memsets dirty_bitmap_buffer).
 */
public final class Harvester implements Actor {

    public static final String NAME = "harvester";

    private enum Phase { HARVEST, SEND, PAUSE, DONE }

    private final GetLog kvm;
    private final Machine m;
    private final DirtyBitmap bitmap;
    private final List<Micro> program;

    private int round;
    /** Live rounds before the final one: bounds.rounds, or as set by {@link #setLiveRounds}. */
    private volatile int liveRounds;
    private Phase phase;
    private int index;
    private int sendPage;
    /** dirty_bitmap_buffer: the second half of the bitmap, the harvest's snapshot. */
    private final long[] snap;
    /** The load of a load-then-store clear, per word. */
    private final long[] loaded;
    /** The user buffer: the bitmap as userspace received it. */
    private final long[] log;
    private boolean snapshotTaken;
    /** Whether a write-protect step of this harvest cleared some SPTE's W. */
    private boolean spteChanged;

    Harvester(GetLog kvm) {
        this.kvm = kvm;
        this.m = kvm.machine();
        this.bitmap = kvm.bitmap;
        this.program = program(kvm.variant());
        int words = m.bounds.words();
        snap = new long[words];
        loaded = new long[words];
        log = new long[words];
        round = 0;
        liveRounds = kvm.variant().bounds().rounds();
        if (liveRounds == 0) {
            phase = Phase.PAUSE;
        } else {
            startHarvest();
        }
    }

    /** The atomic steps of one harvest, with the mmu_lock critical sections marked. */
    static List<Micro> program(Variant variant) {
        GetLogConfig v = variant.config(GetLogConfig.class);
        return HarvestProgram.of(v, h -> h == HarvestStep.SNAPSHOT_CLEAR && v.clearOp() != ClearOp.XCHG
                ? List.of(Step.SNAPSHOT_CLEAR_LOAD, Step.SNAPSHOT_CLEAR_STORE) : List.of(h.step), variant.bounds().words());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean done() {
        return phase == Phase.DONE;
    }

    /** 0-based round number; equal to bounds.rounds during the final round. */
    public int round() {
        return round;
    }

    public boolean finalRound() {
        return round >= liveRounds;
    }

    /**
     * Changes the number of live rounds before the final round, for runs on real threads that harvest
     * for as long as the writers write. Must be more than the current round if the current round is live.
     */
    public void setLiveRounds(int n) {
        if (finalRound() || n <= round) {
            throw new IllegalStateException("round " + round + " is under way; cannot make " + n + " the number of live rounds");
        }
        liveRounds = n;
    }

    /** The pages userspace's buffer reports dirty, as {p0, p1}: what the last copy-to-user delivered. */
    public String reportedPages() {
        StringBuilder sb = new StringBuilder("{");
        for (int p = 0; p < m.bounds.pages(); p++) {
            if ((log[m.bounds.wordOf(p)] & m.bounds.bitOf(p)) != 0) {
                sb.append(sb.length() == 1 ? "" : ", ").append('p').append(p);
            }
        }
        return sb.append('}').toString();
    }

    /** The next event this harvester will take, or null when done. Enabled or not. */
    public Event next() {
        switch (phase) {
            case PAUSE:
                return Event.of(NAME, Step.PAUSE_VCPUS);
            case HARVEST:
                Micro mi = program.get(index);
                return new Event(NAME, mi.step(), mi.arg());
            case SEND:
                return new Event(NAME, Step.SEND, sendPage);
            default:
                return null;
        }
    }

    @Override
    public List<Event> enabled() {
        Event e = next();
        if (e == null) {
            return List.of();
        }
        if (phase == Phase.PAUSE && !kvm.quiescent()) {
            return List.of();
        }
        if (phase == Phase.HARVEST && program.get(index).acquire() && !kvm.harvestLockAvailable()) {
            return List.of();
        }
        return List.of(e);
    }

    @Override
    public boolean take(Event e) {
        if (!e.equals(next())) {
            return false;
        }
        switch (phase) {
            case PAUSE:
                if (!kvm.kvm_vm_pause()) {
                    return false;
                }
                startHarvest();
                return kvm.record(e);
            case SEND:
                send(sendPage);
                nextSend(sendPage + 1);
                return kvm.record(e);
            case HARVEST:
                Micro mi = program.get(index);
                if (mi.acquire() && !kvm.tryHarvestLock(Machine.HARVESTER)) {
                    return false;
                }
                harvestStep(mi);
                if (mi.release()) {
                    kvm.harvestUnlock(Machine.HARVESTER);
                }
                if (++index == program.size()) {
                    nextSend(0);
                }
                return kvm.record(e);
            default:
                return false;
        }
    }

    private void harvestStep(Micro mi) {
        int w = mi.arg();
        switch (mi.step()) {
            case SNAPSHOT_CLEAR:
                snap[w] = bitmap.xchg(w);
                snapshotTaken = true;
                break;
            case SNAPSHOT_CLEAR_LOAD:
                loaded[w] = bitmap.get(w);
                snap[w] = loaded[w];
                snapshotTaken = true;
                break;
            case SNAPSHOT_CLEAR_STORE:
                if (loaded[w] != 0) {
                    bitmap.set(w, 0);
                }
                break;
            case WRITE_PROTECT:
                kvm_arch_mmu_enable_log_dirty_pt_masked(w, snapshotTaken ? snap[w] : bitmap.get(w));
                break;
            case FLUSH_TLB:
                kvm.kvm_flush_remote_tlbs_if(bitsConsumed(), spteChanged);
                break;
            case COPY_TO_USER:
                copy_to_user();
                break;
            default:
                throw new IllegalStateException("not a harvest step: " + mi);
        }
    }

    /**
     * Clears W in the SPTE of every page of word w set in mask (dirty logging keeps MW set), noting whether
     * some SPTE was writable (an SPTE changed).
     */
    private void kvm_arch_mmu_enable_log_dirty_pt_masked(int w, long mask) {
        for (int p : m.pagesOf(w, mask)) {
            if (m.spteW.getAndSet(p, 0) == 1) {
                spteChanged = true;
            }
        }
    }

    /** Whether this harvest took a dirty bit: some word of its snapshot is not zero. */
    private boolean bitsConsumed() {
        for (long s : snap) {
            if (s != 0) {
                return true;
            }
        }
        return false;
    }

    /** copy_to_user(log->dirty_bitmap, dirty_bitmap_buffer, n). */
    private void copy_to_user() {
        System.arraycopy(snap, 0, log, 0, snap.length);
    }

    /** Userspace sends page p: the destination gets the page's current content. */
    private void send(int p) {
        m.dest.set(p, m.mem.get(p));
    }

    /** Start of a harvest: the snapshot buffer and the user buffer start empty. */
    private void startHarvest() {
        Arrays.fill(snap, 0);
        Arrays.fill(log, 0);
        snapshotTaken = false;
        spteChanged = false;
        index = 0;
        phase = Phase.HARVEST;
        if (program.isEmpty()) {
            nextSend(0);
        }
    }

    /** Moves to the next reported page at or after p, or ends the round. */
    private void nextSend(int from) {
        for (int p = from; p < m.bounds.pages(); p++) {
            if ((log[m.bounds.wordOf(p)] & m.bounds.bitOf(p)) != 0) {
                sendPage = p;
                phase = Phase.SEND;
                return;
            }
        }
        round++;
        int rounds = liveRounds;
        if (round < rounds) {
            startHarvest();
        } else if (round == rounds) {
            phase = Phase.PAUSE;
        } else {
            phase = Phase.DONE;
        }
    }

    // --- blocking operations -------------------------------------------------------------------------

    /** Takes the next step, spinning while it is not enabled (mmu_lock held, faults in progress). */
    public void stepBlocking() {
        Event e = next();
        if (e == null) {
            throw new IllegalStateException("the harvester is done");
        }
        while (!take(e)) {
            Thread.onSpinWait();
        }
    }

    /** Runs the current round to its end: the harvest (or pause and harvest) and the sends. */
    public void roundBlocking() {
        int r = round();
        while (!done() && round() == r) {
            stepBlocking();
        }
    }

    /** Runs every remaining round, the final one included. */
    public void migrateBlocking() {
        while (!done()) {
            stepBlocking();
        }
    }

    @Override
    public String toString() {
        return NAME + ": round " + round + (finalRound() ? " (final)" : "") + " " + phase
                + (phase == Phase.HARVEST ? " at " + next() : "") + " snap=" + Arrays.toString(snap)
                + " log=" + Arrays.toString(log);
    }
}
