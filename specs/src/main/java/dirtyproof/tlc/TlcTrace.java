package dirtyproof.tlc;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TLC error trace of DirtyLog.tla, read back into the step vocabulary: each state after the initial one
 * carries {@code lastStep = [actor |-> "vcpu0", step |-> "guest-write", arg |-> 1]}, the step that led to it,
 * which becomes an {@link Event}; the last state gives the lost writes (pages whose {@code dest} differs from
 * {@code mem}).
 */
public final class TlcTrace {

    private final List<Map<String, Object>> states;
    private final List<String> actions;
    private final List<Event> events;

    private TlcTrace(List<Map<String, Object>> states, List<String> actions, List<Event> events) {
        this.states = states;
        this.actions = actions;
        this.events = events;
    }

    /** Parses the 2217 messages of TLC's output; throws {@link TlaValue.ParseException} on anything unexpected. */
    public static TlcTrace of(List<TlcOutput.TraceState> raw) {
        if (raw.isEmpty()) {
            throw new TlaValue.ParseException("TLC reported a violation but printed no trace state");
        }
        List<Map<String, Object>> states = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<Event> events = new ArrayList<>();
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
            states.add(vars);
            actions.add(t.action());
            if (k > 0) {
                Event e = event(vars, k + 1);
                String expected = actionOf(e);
                String got = t.action().replaceFirst("^<", "").split("[^A-Za-z0-9_]", 2)[0];
                if (!got.equals(expected)) {
                    throw new TlaValue.ParseException("trace state " + (k + 1) + " was reached by action " + got
                            + " but records step " + e + ", which is action " + expected);
                }
                events.add(e);
            }
        }
        return new TlcTrace(states, actions, events);
    }

    /**
     * The action of a family module that takes a step: the step's name with '-' and '.' written '_'
     * (snapshot-clear.load is snapshot_clear_load), and host_ before a step the host takes other than its own
     * host-write (the host's mark-dirty is host_mark_dirty; the same rule serves any family's mark steps).
     */
    static String actionOf(Event e) {
        String a = e.step().id().replace('-', '_').replace('.', '_');
        return e.actor().equals("host") && !a.startsWith("host_") ? "host_" + a : a;
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
     * Compares the Java machine with trace state {@code index} (0 = initial) on the shared variables both
     * describe: mem, dest, W, the TLBs, the dirty bitmap, mmu_lock, the flush requests and paused. Returns
     * the differences, empty when they agree.
     */
    public List<String> differences(int index, Machine m) {
        Map<String, Object> s = states.get(index);
        List<String> d = new ArrayList<>();
        int pages = m.bounds.pages();
        Map<Long, Long> mem = ints(s.get("mem"));
        Map<Long, Long> dest = ints(s.get("dest"));
        Map<Object, Object> w = TlaValue.fn(s.get("W"));
        Map<Object, Object> tlb = TlaValue.fn(s.get("tlb"));
        Map<Object, Object> flushReq = TlaValue.fn(s.get("flushReq"));
        Collection<?> bitmap = (Collection<?>) s.get("bitmap");
        for (int p = 0; p < pages; p++) {
            long key = p;
            if (mem.get(key) == null || mem.get(key) != m.mem.get(p)) {
                d.add("mem[p" + p + "]: TLC " + mem.get(key) + ", Java " + m.mem.get(p));
            }
            if (dest.get(key) == null || dest.get(key) != m.dest.get(p)) {
                d.add("dest[p" + p + "]: TLC " + dest.get(key) + ", Java " + m.dest.get(p));
            }
            boolean tw = Boolean.TRUE.equals(w.get(key));
            if (tw != (m.spteW.get(p) == 1)) {
                d.add("W[p" + p + "]: TLC " + tw + ", Java " + (m.spteW.get(p) == 1));
            }
            boolean tb = bitmap.contains(key);
            boolean jb = (m.dirtyBitmap.get(m.bounds.wordOf(p)) & m.bounds.bitOf(p)) != 0;
            if (tb != jb) {
                d.add("bitmap bit of p" + p + ": TLC " + tb + ", Java " + jb);
            }
        }
        for (int v = 0; v < m.bounds.vcpus(); v++) {
            Collection<?> t = (Collection<?>) tlb.get((long) v);
            boolean[] j = m.tlbSnapshot(v);
            for (int p = 0; p < pages; p++) {
                if (t.contains((long) p) != j[p]) {
                    d.add("tlb[vcpu" + v + "] holds p" + p + ": TLC " + t.contains((long) p) + ", Java " + j[p]);
                }
            }
            boolean tf = Boolean.TRUE.equals(flushReq.get((long) v));
            if (tf != (m.flushPending.get(v) == 1)) {
                d.add("flush request of vcpu" + v + ": TLC " + tf + ", Java " + (m.flushPending.get(v) == 1));
            }
        }
        long lock = TlaValue.integer(s.get("mmu_lock"));
        int jl = m.mmuLock.get();
        if (lock != jl) {
            d.add("mmu_lock: TLC " + lock + ", Java " + jl);
        }
        boolean paused = Boolean.TRUE.equals(s.get("paused"));
        if (paused != m.paused()) {
            d.add("paused: TLC " + paused + ", Java " + m.paused());
        }
        return d;
    }

    private static Map<Long, Long> ints(Object fn) {
        Map<Long, Long> r = new TreeMap<>();
        for (Map.Entry<Object, Object> e : TlaValue.fn(fn).entrySet()) {
            r.put(TlaValue.integer(e.getKey()), TlaValue.integer(e.getValue()));
        }
        return r;
    }
}
