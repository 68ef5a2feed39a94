package dirtyproof.model;

import dirtyproof.run.TraceFormatter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lost write as a value: the steps that lose it (each with a note of what it changed), the lost writes at
 * the end, and the actors shown as columns. It is what every back-end's UNSAFE carries, what forked JVMs
 * hand back as JSON, and what every report draws.
 *
 * @param columns the actors that took a step, in the migration's order (vcpu0, vcpu1, host, harvester, ...)
 * @param events  the steps, in order
 * @param notes   for each step, what it changed ("W[p0]=1", "EPT violation"); same length as events
 * @param lost    the pages whose write was lost after the final round
 */
public record Counterexample(List<String> columns, List<Event> events, List<String> notes, List<LostWrite> lost) {

    public Counterexample {
        columns = List.copyOf(columns);
        events = List.copyOf(events);
        notes = List.copyOf(notes);
        lost = List.copyOf(lost);
        if (notes.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " steps but " + notes.size() + " notes");
        }
    }

    /** The counterexample of a run of this migration: columns for the actors that stepped. */
    public static Counterexample of(Migration mig, List<Event> events, List<String> notes, List<LostWrite> lost) {
        List<String> columns = new ArrayList<>();
        for (Actor a : mig.actors()) {
            if (events.stream().anyMatch(e -> e.actor().equals(a.name()))) {
                columns.add(a.name());
            }
        }
        return new Counterexample(columns, events, notes, lost);
    }

    /** Numbered steps in columns, one per actor, ending with the lost write and its mem/dest values. */
    public String render() {
        return TraceFormatter.columns(columns, events, notes, lost);
    }

    /** The steps as event strings, ending with the lost writes: the JSON report's "trace". */
    public List<String> lines() {
        List<String> r = new ArrayList<>();
        for (Event e : events) {
            r.add(e.toString());
        }
        for (LostWrite l : lost) {
            r.add(l.toString());
        }
        return r;
    }

    /** As JSON values: {"columns": [...], "steps": [{"event", "note"}], "lost": [{"page", "mem", "dest"}]}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", columns);
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("event", events.get(i).toString());
            s.put("note", notes.get(i));
            steps.add(s);
        }
        m.put("steps", steps);
        List<Object> l = new ArrayList<>();
        for (LostWrite w : lost) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("page", w.page());
            x.put("mem", w.mem());
            x.put("dest", w.dest());
            l.add(x);
        }
        m.put("lost", l);
        return m;
    }

    /** The inverse of {@link #toMap}; IllegalArgumentException on anything else. */
    public static Counterexample fromMap(Object o) {
        try {
            Map<?, ?> m = (Map<?, ?>) o;
            List<String> columns = new ArrayList<>();
            for (Object c : (List<?>) m.get("columns")) {
                columns.add((String) c);
            }
            List<Event> events = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Object s : (List<?>) m.get("steps")) {
                Map<?, ?> step = (Map<?, ?>) s;
                events.add(Event.parse((String) step.get("event")));
                notes.add(step.get("note") == null ? "" : (String) step.get("note"));
            }
            List<LostWrite> lost = new ArrayList<>();
            for (Object x : (List<?>) m.get("lost")) {
                Map<?, ?> w = (Map<?, ?>) x;
                lost.add(new LostWrite(((Number) w.get("page")).intValue(), ((Number) w.get("mem")).intValue(),
                        ((Number) w.get("dest")).intValue()));
            }
            return new Counterexample(columns, events, notes, lost);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a counterexample: " + o, e);
        }
    }
}
