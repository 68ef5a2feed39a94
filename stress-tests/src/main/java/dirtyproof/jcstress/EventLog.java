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

    /** One list per actor of the migration, created up front (the map is only read afterwards). */
    private final java.util.Map<String, List<Stamped>> byActor = new java.util.HashMap<>();

    EventLog(List<String> actors) {
        for (String a : actors) {
            byActor.put(a, new ArrayList<>());
        }
    }

    @Override
    public void accept(Event e) {
        List<Stamped> l = byActor.get(e.actor());
        if (l == null) {
            throw new IllegalArgumentException("unknown actor " + e.actor() + "; actors: " + byActor.keySet());
        }
        l.add(new Stamped(System.nanoTime(), l.size(), e));
    }

    /** Every event, ordered by the time it was reported. */
    List<Event> merged() {
        List<Stamped> all = new ArrayList<>();
        for (List<Stamped> l : byActor.values()) {
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
