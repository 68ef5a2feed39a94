package dirtyproof.run;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a migration by an explicit schedule: a list of {@code actor:step} events taken one at a time, on
 * the calling thread, deterministically. This is how unit tests pin a race and how a TLC counterexample is
 * replayed in Java.
 *
 * <ul>
 *   <li>{@link Mode#STRICT}: every entry must be enabled when its turn comes; the first that is not is a
 *       {@link ScheduleException} saying why (the schedule and the implementation disagree).</li>
 *   <li>{@link Mode#RELAXED}: the same interleaving pressure on another variant. An entry of a
 *       migration-side actor takes that actor's next step, whatever this variant calls it; a vCPU or host
 *       entry that is not enabled here (the write hit the TLB instead of faulting, say) is skipped.</li>
 * </ul>
 *
 * After the schedule, {@link #complete} finishes the migration without new writes: faults in progress
 * finish, the migration side runs its remaining rounds, the final one included, and the oracle is asked.
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
            List<Event> alt = a == null || a.role() != Actor.Role.MIGRATION ? List.of() : a.enabled();
            if (!alt.isEmpty()) {
                step(mig, alt.get(0), taken, notes);
            }
        }
        complete(mig, taken, notes);
        return new Run(mig, taken, notes, mig.lostWrites());
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
        return new Run(mig, taken, notes, mig.lostWrites());
    }

    /**
     * Finishes the migration with no new guest or host writes: a migration-side actor steps whenever one can
     * (in the migration's order); otherwise the first writer inside a multi-step operation (a fault path, a
     * host write and its mark) takes its next step.
     */
    public static void complete(Migration mig, List<Event> taken, List<String> notes) {
        int guard = 0;
        while (!mig.finished()) {
            if (++guard > 1_000_000) {
                throw new IllegalStateException("the migration does not finish: " + mig);
            }
            if (!progress(mig, taken, notes)) {
                throw new IllegalStateException("no actor can make progress: " + mig);
            }
        }
    }

    /** {@link #complete} without recording the steps: the final round after Lincheck's or jcstress's threads. */
    public static void complete(Migration mig) {
        complete(mig, null, null);
    }

    private static boolean progress(Migration mig, List<Event> taken, List<String> notes) {
        for (Actor a : mig.actors()) {
            if (a.role() == Actor.Role.MIGRATION) {
                for (Event e : a.enabled()) {
                    if (step(mig, e, taken, notes)) {
                        return true;
                    }
                }
            }
        }
        for (Actor a : mig.actors()) {
            if (a.role() != Actor.Role.MIGRATION && a.busy()) {
                for (Event e : a.enabled()) {
                    if (step(mig, e, taken, notes)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Takes one event, recording it and the migration's note of what it did (nothing when taken is null). */
    private static boolean step(Migration mig, Event e, List<Event> taken, List<String> notes) {
        if (taken == null) {
            return mig.take(e);
        }
        Map<String, Object> before = mig.observe();
        if (!mig.take(e)) {
            return false;
        }
        taken.add(e);
        notes.add(mig.note(e, before));
        return true;
    }
}
