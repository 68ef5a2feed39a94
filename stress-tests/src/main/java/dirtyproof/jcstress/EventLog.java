package dirtyproof.jcstress;

import dirtyproof.model.Event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The events of one migration, as {@link dirtyproof.model.Migration#setListener} reports them, cheap enough
 * to keep on in every sample: one list per actor, each appended to only by the thread running that actor
 * (the state constructor, then the actor's thread, then the arbiter: jcstress orders those hand-offs), so
 * no lock or shared counter perturbs the race. Each event carries {@link System#nanoTime()}; {@link #merged()}
 * orders them by it: the order in which the steps were reported, which for steps of different threads
 * closer than the clock's resolution may differ from the order of their effects.
 */
final class EventLog implements Consumer<Event> {

    private record Stamped(long nanos, int seq, Event event) {
    }

    /** harvester, host, aging, vcpu0, vcpu1, ... (the aging actor runs on the guest thread, in a list of its own) */
    private final List<List<Stamped>> byActor = new ArrayList<>();

    EventLog() {
        for (int i = 0; i < 3 + 8; i++) {
            byActor.add(new ArrayList<>());
        }
    }

    private static int slot(String actor) {
        if (actor.equals("harvester")) {
            return 0;
        }
        if (actor.equals("host")) {
            return 1;
        }
        if (actor.equals("aging")) {
            return 2;
        }
        if (actor.startsWith("vcpu")) {
            return 3 + Integer.parseInt(actor.substring(4));
        }
        throw new IllegalArgumentException("unknown actor " + actor);
    }

    @Override
    public void accept(Event e) {
        List<Stamped> l = byActor.get(slot(e.actor()));
        l.add(new Stamped(System.nanoTime(), l.size(), e));
    }

    /** Every event, ordered by the time it was reported. */
    List<Event> merged() {
        List<Stamped> all = new ArrayList<>();
        for (List<Stamped> l : byActor) {
            all.addAll(l);
        }
        all.sort(Comparator.comparingLong(Stamped::nanos));
        List<Event> r = new ArrayList<>(all.size());
        for (Stamped s : all) {
            r.add(s.event());
        }
        return r;
    }
}
