package dirtyproof.run;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a migration by an explicit schedule: a list of {@code actor:step} events taken one at a time, on
 * the calling thread, deterministically. This is how unit tests pin a race and how a TLC counterexample is
 * replayed in Java.
 *
 * <ul>
 *   <li>{@link Mode#STRICT}: every entry must be enabled when its turn comes; the first that is not is a
 *       {@link ScheduleException} saying why (the schedule and the implementation disagree).</li>
 *   <li>{@link Mode#RELAXED}: the same interleaving pressure on another variant. A harvester entry takes the
 *       harvester's next step, whatever this variant calls it; a vCPU or host entry that is not enabled
 *       here (the write hit the TLB instead of faulting, say) is skipped and recorded.</li>
 * </ul>
 *
 * After the schedule, {@link #complete} finishes the migration without new writes: faults in progress
 * finish, the harvester runs its remaining rounds, the final one included, and the oracle is asked.
 */
public final class ScheduleDriver {

    public enum Mode { STRICT, RELAXED }

    private ScheduleDriver() {
    }

    public static List<Event> parse(List<String> entries) {
        List<Event> r = new ArrayList<>();
        for (String s : entries) {
            r.add(Event.parse(s));
        }
        return r;
    }

    /** Runs the schedule, completes the migration, and asks the oracle. */
    public static Run run(Migration mig, List<Event> schedule, Mode mode) {
        List<Event> taken = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            Event e = schedule.get(i);
            if (step(mig, e, taken, notes)) {
                continue;
            }
            if (mode == Mode.STRICT) {
                throw new ScheduleException(i, e, "schedule step " + (i + 1) + " '" + e + "' is not enabled; "
                        + "enabled: " + mig.enabled() + "\nstate: " + mig);
            }
            Actor a = mig.actor(e.actor());
            List<Event> alt = a == null || !e.actor().equals("harvester") ? List.of() : a.enabled();
            if (!alt.isEmpty() && step(mig, alt.get(0), taken, notes)) {
                continue;
            }
            skipped.add((i + 1) + ": " + e);
        }
        complete(mig, taken, notes);
        return new Run(mig, taken, notes, skipped, mig.lostWrites());
    }

    /** Runs exactly the schedule (no completion): the schedule must end with the migration finished. */
    public static Run replay(Migration mig, List<Event> schedule) {
        List<Event> taken = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            Event e = schedule.get(i);
            if (!step(mig, e, taken, notes)) {
                throw new ScheduleException(i, e, "schedule step " + (i + 1) + " '" + e + "' is not enabled; "
                        + "enabled: " + mig.enabled() + "\nstate: " + mig);
            }
        }
        if (!mig.finished()) {
            throw new ScheduleException(schedule.size(), null, "the schedule ends before the final round is done;"
                    + " next: " + mig.enabled());
        }
        return new Run(mig, taken, notes, List.of(), mig.lostWrites());
    }

    /**
     * Finishes the migration with no new guest or host writes: the harvester steps whenever it can;
     * otherwise the first actor inside a fault path or a host write takes its next step.
     */
    public static void complete(Migration mig, List<Event> taken, List<String> notes) {
        Actor harvester = mig.actor("harvester");
        int guard = 0;
        while (!mig.finished()) {
            if (++guard > 1_000_000) {
                throw new IllegalStateException("the migration does not finish: " + mig);
            }
            List<Event> h = harvester.enabled();
            if (!h.isEmpty() && step(mig, h.get(0), taken, notes)) {
                continue;
            }
            boolean progressed = false;
            for (Actor a : mig.actors()) {
                if (a == harvester) {
                    continue;
                }
                for (Event e : a.enabled()) {
                    if (finishing(e.step()) && step(mig, e, taken, notes)) {
                        progressed = true;
                        break;
                    }
                }
                if (progressed) {
                    break;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("no actor can make progress: " + mig);
            }
        }
    }

    /** Steps that finish work in progress rather than start new writes. */
    private static boolean finishing(Step s) {
        return s == Step.MAKE_WRITABLE || s == Step.MARK_DIRTY || s == Step.MARK_DIRTY_LOAD
                || s == Step.MARK_DIRTY_STORE || s == Step.PUSH_FIELDS || s == Step.PUSH_FLAG;
    }

    /** Takes one event, recording it and a note of what it did. */
    private static boolean step(Migration mig, Event e, List<Event> taken, List<String> notes) {
        Machine m = mig.machine();
        int p = e.arg();
        boolean page = p >= 0 && !e.step().takesWord() && p < m.bounds.pages();
        int memBefore = page ? m.mem.get(p) : 0;
        int wBefore = page ? m.spteW.get(p) : 0;
        int[] w = new int[m.bounds.pages()];
        for (int q = 0; q < w.length; q++) {
            w[q] = m.spteW.get(q);
        }
        if (!mig.take(e)) {
            return false;
        }
        taken.add(e);
        notes.add(note(mig, e, memBefore, wBefore, w));
        return true;
    }

    private static String note(Migration mig, Event e, int memBefore, int wBefore, int[] wAll) {
        Machine m = mig.machine();
        int p = e.arg();
        switch (e.step()) {
            case GUEST_WRITE:
                return m.mem.get(p) != memBefore ? "mem[p" + p + "]=" + m.mem.get(p) : "EPT violation";
            case HOST_WRITE:
                return "mem[p" + p + "]=" + m.mem.get(p);
            case MAKE_WRITABLE:
                return wBefore == 1 ? "W already set" : "W[p" + p + "]=1";
            case SEND:
                return "dest[p" + p + "]=" + m.dest.get(p);
            case SNAPSHOT_CLEAR:
            case SNAPSHOT_CLEAR_LOAD:
            case SNAPSHOT_CLEAR_STORE:
            case MARK_DIRTY:
            case MARK_DIRTY_LOAD:
            case MARK_DIRTY_STORE:
                return "bitmap=" + words(m);
            case WRITE_PROTECT: {
                StringBuilder sb = new StringBuilder();
                for (int q = 0; q < wAll.length; q++) {
                    if (wAll[q] == 1 && m.spteW.get(q) == 0) {
                        sb.append(sb.length() == 0 ? "" : " ").append("W[p").append(q).append("]=0");
                    }
                }
                return sb.length() == 0 ? "nothing writable to protect" : sb.toString();
            }
            case COPY_TO_USER:
                return mig instanceof dirtyproof.getlog.GetLog
                        ? "reports " + ((dirtyproof.getlog.GetLog) mig).harvester().reportedPages() : "";
            case FLUSH_TLB:
                return mig.machine().flushPending.length() > 0 && mig.machine().flushPending.get(0) == 1
                        ? "requested, not waited for" : "every TLB emptied";
            default:
                return "";
        }
    }

    private static String words(Machine m) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < m.dirtyBitmap.length(); w++) {
            String bits = Long.toBinaryString(m.dirtyBitmap.get(w));
            sb.append(w == 0 ? "" : ",").append("0b").append(bits);
        }
        return sb.toString();
    }
}
