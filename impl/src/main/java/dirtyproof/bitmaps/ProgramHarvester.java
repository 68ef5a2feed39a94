package dirtyproof.bitmaps;

import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.kvm.Kvm;
import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The migration side of a bitmap family whose harvest is a fixed program of atomic steps (clear-log,
 * srcu-swap, switch-log): userspace's migration thread and the ioctls it calls. It runs {@code rounds} live
 * rounds, then the final round, which starts with pause-vcpus. A round is the program, in order:
 *
 * <ul>
 *   <li>a step in the variant's {@code mmu-lock} takes mmu_lock (in the {@code harvest-lock} mode) when it
 *       opens a critical section (a maximal run of neighbouring locked steps) and drops it when it closes one;</li>
 *   <li>the {@code send} entry sends the pages userspace holds ({@link #log}), ascending, one per step,
 *       and is skipped when there are none;</li>
 *   <li>after the last entry the round ends: the log and the family's buffers are reset ({@link #endRound()}).</li>
 * </ul>
 *
 * The family says what each other step does ({@link #harvestStep}) and whether it may be taken now
 * ({@link #stepEnabled}, e.g. synchronize-srcu waits for readers). This is the shape of ClearLog.tla,
 * SrcuSwap.tla and SwitchLog.tla's harvesters, step for step.
 */
public abstract class ProgramHarvester implements Actor {

    public static final String NAME = "harvester";

    private enum Phase { HARVEST, PAUSE, DONE }

    protected final Kvm kvm;
    protected final Machine m;
    /**
     * The user buffer, per word: the pages userspace holds (what GET or copy_to_user gave it, what it read in
     * place), which the send entry sends; TLA+ {@code log}. Empty at the start of every round.
     */
    protected final long[] log;
    private final List<Micro> program;
    private int round;
    private volatile int liveRounds;
    private Phase phase;
    private int index;
    private int sendPage = -1;

    /**
     * @param steps the harvest's program ({@link HarvestProgram})
     */
    protected ProgramHarvester(Kvm kvm, List<Micro> steps) {
        this.kvm = kvm;
        this.m = kvm.machine();
        this.program = List.copyOf(steps);
        this.log = new long[m.bounds.words()];
        this.liveRounds = kvm.variant().bounds().rounds();
    }

    /** To be called at the end of the subclass's constructor, once its buffers exist. */
    protected final void begin() {
        round = 0;
        if (liveRounds == 0 || idle()) {
            phase = Phase.PAUSE;
            round = liveRounds;
        } else {
            startHarvest();
        }
    }

    public List<Micro> program() {
        return program;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean done() {
        return phase == Phase.DONE;
    }

    public int round() {
        return round;
    }

    public boolean finalRound() {
        return round >= liveRounds;
    }

    /** Changes the number of live rounds (real-thread runs that harvest while the writers write). */
    public void setLiveRounds(int n) {
        if (finalRound() || n <= round) {
            throw new IllegalStateException("round " + round + " is under way; cannot make " + n + " the number of live rounds");
        }
        liveRounds = n;
    }

    /** The effect of one program step (not send): the family's ioctl code. */
    protected abstract void harvestStep(Micro mi);

    /** Whether the step may be taken now, besides mmu_lock (synchronize-srcu waits for readers). */
    protected boolean stepEnabled(Micro mi) {
        return true;
    }

    /** Resets the family's own per-round buffers, after the log: the round is over. */
    protected void endRound() {
    }

    /** The pages set in a bitmap of words, ascending, as TLA+ sets print them. */
    protected final Set<Long> pages(long[] words) {
        Set<Long> r = new LinkedHashSet<>();
        for (int p = 0; p < m.bounds.pages(); p++) {
            if ((words[m.bounds.wordOf(p)] & m.bounds.bitOf(p)) != 0) {
                r.add((long) p);
            }
        }
        return r;
    }

    /** The pages in the user buffer: TLA+ {@code log}. */
    public final Set<Long> logPages() {
        return pages(log);
    }

    /** The write-protect step of word w: clears W in the SPTE of each of its pages set in mask. */
    protected final void writeProtect(int w, long mask) {
        for (int p : m.pagesOf(w, mask)) {
            m.spteW.set(p, 0);
        }
    }

    /** The next event this harvester will take, or null when done; enabled or not. */
    public Event next() {
        switch (phase) {
            case PAUSE:
                return Event.of(NAME, Step.PAUSE_VCPUS);
            case HARVEST:
                Micro mi = program.get(index);
                return mi.step() == Step.SEND ? new Event(NAME, Step.SEND, sendPage) : new Event(NAME, mi.step(), mi.arg());
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
        if (phase == Phase.PAUSE) {
            return kvm.quiescent() ? List.of(e) : List.of();
        }
        Micro mi = program.get(index);
        if (mi.acquire() && !kvm.harvestLockAvailable()) {
            return List.of();
        }
        return mi.step() == Step.SEND || stepEnabled(mi) ? List.of(e) : List.of();
    }

    @Override
    public boolean take(Event e) {
        if (!e.equals(next())) {
            return false;
        }
        if (phase == Phase.PAUSE) {
            if (!kvm.kvm_vm_pause()) {
                return false;
            }
            startHarvest();
            return kvm.record(e);
        }
        Micro mi = program.get(index);
        if (mi.step() == Step.SEND) {
            m.dest.set(sendPage, m.mem.get(sendPage));
            int next = nextPage(sendPage + 1);
            if (next >= 0) {
                sendPage = next;
            } else {
                goOn(index + 1);
            }
            return kvm.record(e);
        }
        if (!stepEnabled(mi)) {
            return false;
        }
        if (mi.acquire() && !kvm.tryHarvestLock(Machine.HARVESTER)) {
            return false;
        }
        harvestStep(mi);
        if (mi.release()) {
            kvm.harvestUnlock(Machine.HARVESTER);
        }
        goOn(index + 1);
        return kvm.record(e);
    }

    /** The first page at or after p that userspace holds, or -1. */
    private int nextPage(int from) {
        for (int p = from; p < m.bounds.pages(); p++) {
            if ((log[m.bounds.wordOf(p)] & m.bounds.bitOf(p)) != 0) {
                return p;
            }
        }
        return -1;
    }

    /** Whether a harvest would do nothing at all: its program is empty, or only a send with nothing to send. */
    private boolean idle() {
        return program.isEmpty() || (program.size() == 1 && program.get(0).step() == Step.SEND);
    }

    /** Continues at entry i: a send with nothing to send is skipped; past the end, the round ends. */
    private void goOn(int i) {
        if (i < program.size() && program.get(i).step() == Step.SEND) {
            int p = nextPage(0);
            if (p < 0) {
                i++;
            } else {
                sendPage = p;
            }
        }
        if (i >= program.size()) {
            endRoundAndContinue();
        } else {
            index = i;
            phase = Phase.HARVEST;
        }
    }

    private void startHarvest() {
        goOn(0);
    }

    private void endRoundAndContinue() {
        Arrays.fill(log, 0);
        endRound();
        sendPage = -1;
        index = 0;
        round++;
        int rounds = liveRounds;
        if (round < rounds && !idle()) {
            startHarvest();
        } else if (round <= rounds) {
            round = rounds;
            phase = Phase.PAUSE;
        } else {
            phase = Phase.DONE;
        }
    }

    /** A set of pages as reports print it: {p0, p1}. */
    public static String pagesText(java.util.Collection<Long> pages) {
        StringBuilder sb = new StringBuilder("{");
        for (Long p : pages) {
            sb.append(sb.length() == 1 ? "" : ", ").append('p').append(p);
        }
        return sb.append('}').toString();
    }

    // --- blocking operations -------------------------------------------------------------------------

    /** Takes the next step, spinning while it is not enabled (mmu_lock held, readers in progress, faults). */
    public void stepBlocking() {
        Event e = next();
        if (e == null) {
            throw new IllegalStateException("the harvester is done");
        }
        while (!take(e)) {
            Thread.onSpinWait();
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
                + (phase == Phase.HARVEST ? " at " + next() : "");
    }
}
