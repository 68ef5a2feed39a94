package dirtyproof.tlc;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import dirtyproof.model.Step;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TLC error trace of a family module, read back into the step vocabulary: each state after the initial one
 * carries {@code lastStep = [actor |-> "vcpu0", step |-> "guest-write", arg |-> 1]}, the step that led to it,
 * which becomes an {@link Event}; the last state gives the lost writes (pages whose {@code dest} differs from
 * {@code mem}).
 */
public final class TlcTrace {

    private final List<Map<String, Object>> raw;
    private final Map<String, Long> modelValues;
    private final List<Map<String, Object>> states;
    private final List<String> actions;
    private final List<Event> events;

    private TlcTrace(List<Map<String, Object>> raw, Map<String, Long> modelValues, List<Map<String, Object>> states,
                     List<String> actions, List<Event> events) {
        this.raw = raw;
        this.modelValues = modelValues;
        this.states = states;
        this.actions = actions;
        this.events = events;
    }

    /** Parses the 2217 messages of TLC's output; throws {@link TlaValue.ParseException} on anything unexpected. */
    public static TlcTrace of(List<TlcOutput.TraceState> raw) {
        return of(raw, Map.of());
    }

    /**
     * As {@link #of(List)}, reading each model value of {@code modelValues} (vcpu0) as the Java value it stands
     * for (0), so that the states compare with the Java implementation's.
     */
    public static TlcTrace of(List<TlcOutput.TraceState> raw, Map<String, Long> modelValues) {
        if (raw.isEmpty()) {
            throw new TlaValue.ParseException("TLC reported a violation but printed no trace state");
        }
        List<Map<String, Object>> parsed = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            TlcOutput.TraceState t = raw.get(k);
            if (t.number() != k + 1) {
                throw new TlaValue.ParseException("trace state " + t.number() + " where state " + (k + 1)
                        + " was expected (TLC printed a trace that is not a simple path)");
            }
            Map<String, Object> vars = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : t.vars().entrySet()) {
                vars.put(e.getKey(), TlaValue.parse(e.getValue()));
            }
            parsed.add(vars);
            actions.add(t.action());
        }
        return build(parsed, actions, Map.copyOf(modelValues));
    }

    private static TlcTrace build(List<Map<String, Object>> parsed, List<String> actions, Map<String, Long> modelValues) {
        List<Map<String, Object>> states = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < parsed.size(); k++) {
            Map<String, Object> vars = new LinkedHashMap<>();
            parsed.get(k).forEach((n, v) -> vars.put(n, substitute(v, modelValues)));
            states.add(vars);
            if (k > 0) {
                Event e = event(vars, k + 1);
                String expected = actionOf(e);
                String got = actions.get(k).replaceFirst("^<", "").split("[^A-Za-z0-9_]", 2)[0];
                if (!got.equals(expected)) {
                    throw new TlaValue.ParseException("trace state " + (k + 1) + " was reached by action " + got
                            + " but records step " + e + ", which is action " + expected);
                }
                events.add(e);
            }
        }
        return new TlcTrace(parsed, modelValues, states, actions, events);
    }

    /**
     * The same trace with the model values of its last state renamed by {@code rename} (vcpu0 -> vcpu1), and the
     * actor of its last step with them: under SYMMETRY, TLC rebuilds every state of a trace from its
     * predecessor but prints the violating state as it found it, a successor of a state that may differ from
     * the printed predecessor by a renaming of the symmetric values. The renaming that makes it a successor of
     * the printed one again is one of the permutations of the symmetry set.
     */
    public TlcTrace lastStateRenamed(Map<String, String> rename) {
        List<Map<String, Object>> parsed = new ArrayList<>(raw);
        Map<String, Object> last = new LinkedHashMap<>();
        raw.get(raw.size() - 1).forEach((n, v) -> last.put(n, rename(v, rename)));
        parsed.set(parsed.size() - 1, last);
        return build(parsed, actions, modelValues);
    }

    private static Object rename(Object v, Map<String, String> rename) {
        if (v instanceof TlaValue.ModelValue) {
            String to = rename.get(((TlaValue.ModelValue) v).name());
            return to == null ? v : new TlaValue.ModelValue(to);
        }
        if (v instanceof String) {
            // the actor names of lastStep: VcpuName(vcpu0) is "vcpu0"
            return rename.getOrDefault(v, (String) v);
        }
        if (v instanceof List) {
            List<Object> r = new ArrayList<>();
            ((List<?>) v).forEach(x -> r.add(rename(x, rename)));
            return r;
        }
        if (v instanceof Set) {
            Set<Object> r = new LinkedHashSet<>();
            ((Set<?>) v).forEach(x -> r.add(rename(x, rename)));
            return r;
        }
        if (v instanceof Map) {
            Map<Object, Object> r = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((a, b) -> r.put(rename(a, rename), rename(b, rename)));
            return r;
        }
        return v;
    }

    /** A parsed value with every model value of {@code modelValues} replaced by the Java value it stands for. */
    private static Object substitute(Object v, Map<String, Long> modelValues) {
        if (modelValues.isEmpty()) {
            return v;
        }
        if (v instanceof TlaValue.ModelValue) {
            Long to = modelValues.get(((TlaValue.ModelValue) v).name());
            return to == null ? v : to;
        }
        if (v instanceof List) {
            List<Object> r = new ArrayList<>();
            ((List<?>) v).forEach(x -> r.add(substitute(x, modelValues)));
            return r;
        }
        if (v instanceof Set) {
            Set<Object> r = new LinkedHashSet<>();
            ((Set<?>) v).forEach(x -> r.add(substitute(x, modelValues)));
            return r;
        }
        if (v instanceof Map) {
            Map<Object, Object> r = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((a, b) -> r.put(substitute(a, modelValues), substitute(b, modelValues)));
            return r;
        }
        return v;
    }

    /**
     * The TLA+ action that takes a step: the step's name with '-' and '.' written '_' (snapshot-clear.load is
     * snapshot_clear_load), and host_ before the host's marking steps (every host step but host-write), which
     * share their name with the vCPU's.
     */
    static String actionOf(Event e) {
        String a = e.step().id().replace('-', '_').replace('.', '_');
        return e.actor().equals("host") && e.step() != Step.HOST_WRITE ? "host_" + a : a;
    }

    private static Event event(Map<String, Object> vars, int number) {
        Object ls = vars.get("lastStep");
        if (ls == null) {
            throw new TlaValue.ParseException("trace state " + number + " has no lastStep variable");
        }
        Map<Object, Object> r = TlaValue.fn(ls);
        String actor = TlaValue.string(r.get("actor"));
        String stepId = TlaValue.string(r.get("step"));
        long arg = TlaValue.integer(r.get("arg"));
        Step step = Step.byId(stepId).orElseThrow(() -> new TlaValue.ParseException(
                "trace state " + number + ": lastStep names step '" + stepId + "', which is not in the vocabulary"));
        return new Event(actor, step, (int) arg);
    }

    /** The states, initial first, each as variable name -> parsed value. */
    public List<Map<String, Object>> states() {
        return states;
    }

    /** TLC's description of the action that led to each state ("&lt;Initial predicate&gt;" first). */
    public List<String> actions() {
        return actions;
    }

    /** The steps of the trace, one per state after the initial one. */
    public List<Event> events() {
        return events;
    }

    /** The pages whose write is lost in the last state: dest[p] != mem[p], ascending. */
    public List<LostWrite> lostWrites() {
        Map<String, Object> last = states.get(states.size() - 1);
        Map<Long, Long> mem = ints(last.get("mem"));
        Map<Long, Long> dest = ints(last.get("dest"));
        List<LostWrite> r = new ArrayList<>();
        for (Map.Entry<Long, Long> e : mem.entrySet()) {
            long d = dest.getOrDefault(e.getKey(), -1L);
            if (d != e.getValue()) {
                r.add(new LostWrite(e.getKey().intValue(), e.getValue().intValue(), (int) d));
            }
        }
        return r;
    }

    /** The trace as event strings, ending with the lost writes. */
    public List<String> lines() {
        List<String> r = new ArrayList<>();
        for (Event e : events) {
            r.add(e.toString());
        }
        for (LostWrite l : lostWrites()) {
            r.add(l.toString());
        }
        return r;
    }

    /**
     * Compares trace state {@code index} (0 = initial) with the Java migration's variables of the same names
     * ({@link dirtyproof.model.Migration#observe}): every variable Java observes must be in the state with an
     * equal value. Returns the differences, empty when they agree.
     */
    public List<String> differences(int index, Map<String, Object> java) {
        Map<String, Object> s = states.get(index);
        List<String> d = new ArrayList<>();
        for (Map.Entry<String, Object> e : java.entrySet()) {
            if (!s.containsKey(e.getKey())) {
                d.add(e.getKey() + ": not a variable of the TLC state");
                continue;
            }
            compare(e.getKey(), normal(s.get(e.getKey())), normal(e.getValue()), d);
        }
        return d;
    }

    private static void compare(String where, Object tlc, Object java, List<String> d) {
        if (tlc instanceof Map && java instanceof Map) {
            Map<?, ?> t = (Map<?, ?>) tlc;
            Map<?, ?> j = (Map<?, ?>) java;
            Set<Object> keys = new LinkedHashSet<>(t.keySet());
            keys.addAll(j.keySet());
            for (Object k : keys) {
                compare(where + "[" + k + "]", t.get(k), j.get(k), d);
            }
        } else if (!Objects.equals(tlc, java)) {
            d.add(where + ": TLC " + tlc + ", Java " + java);
        }
    }

    /**
     * One form for both sides: integers as Long, model values as their names, sequences as functions from
     * 1..n, sets and maps of normal values.
     */
    static Object normal(Object v) {
        if (v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof TlaValue.ModelValue) {
            return ((TlaValue.ModelValue) v).name();
        }
        if (v instanceof List) {
            Map<Object, Object> m = new LinkedHashMap<>();
            List<?> l = (List<?>) v;
            for (int k = 0; k < l.size(); k++) {
                m.put((long) (k + 1), normal(l.get(k)));
            }
            return m;
        }
        if (v instanceof Set) {
            Set<Object> r = new LinkedHashSet<>();
            for (Object o : (Set<?>) v) {
                r.add(normal(o));
            }
            return r;
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put(normal(e.getKey()), normal(e.getValue()));
            }
            return m;
        }
        return v;
    }

    private static Map<Long, Long> ints(Object fn) {
        Map<Long, Long> r = new TreeMap<>();
        for (Map.Entry<Object, Object> e : TlaValue.fn(fn).entrySet()) {
            r.put(TlaValue.integer(e.getKey()), TlaValue.integer(e.getValue()));
        }
        return r;
    }
}
