package dirtyproof.jcstress;

import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import dirtyproof.model.Actor;
import dirtyproof.model.Migration;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The races {@link ProtocolRace} runs for a variant: the family's generated scenarios with exactly two threads
 * ({@link dirtyproof.family.Family#scenarios}), for each pair of actor roles the smallest {@value #PER_PAIR} with
 * the fewest writes that pair can race and {@value #PER_PAIR} with one write more (vCPU × vCPU, vCPU × host, vCPU × migration side, host × migration side, and whatever pairs a family's actors
 * make), everything else of the scenario run in the state constructor (init) or the arbiter (post, then the
 * final round). jcstress runs no more actors than there are CPUs; two fit the machines this runs on.
 *
 * <p>Each race is run in two forms: as generated, and <em>primed</em>, when its first writer's first operation
 * is a guest write: the state constructor takes that write's first step (the store that may take the EPT
 * violation), so that the fault path itself races the other thread. On real threads a window of a few steps is
 * hit more often when the operations that open it are repeated: a writer's operations in a thread are repeated
 * {@code burst} times, and the variant's {@code writes} bound is raised to fit ({@link #stressed}).
 */
final class RaceScenarios {

    /** The most scenarios per pair of actor roles and number of writes (the two smallest numbers). */
    static final int PER_PAIR = 3;

    /** One race: the scenario, the thread order, and whether the first writer's first store is taken beforehand. */
    record Race(Scenario scenario, boolean primed, String pair) {
        String name() {
            return (primed ? "primed " : "") + scenario.name();
        }
    }

    private RaceScenarios() {
    }

    /** The variant the races run on: its writes bound raised to fit a burst of every thread's writes. */
    static Variant stressed(Variant v, int burst) {
        int writes = Math.max(v.bounds().writes(), v.bounds().writes() * (burst + 1));
        return v.withBounds(v.bounds().withWrites(writes));
    }

    private static final Map<String, List<Race>> MEMO = new java.util.concurrent.ConcurrentHashMap<>();

    /** The races of the variant, in a fixed order (a function of the variant alone). */
    static List<Race> of(Variant v) {
        return MEMO.computeIfAbsent(dirtyproof.variant.VariantLoader.toYaml(v), k -> generate(v));
    }

    private static List<Race> generate(Variant v) {
        Migration mig = v.family().start(v);
        Map<String, List<Scenario>> byPair = new LinkedHashMap<>();
        Map<String, Integer> firstWrites = new LinkedHashMap<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Scenario s : v.family().scenarios(v)) {
            if (s.threads().size() != 2 || !racesWrites(mig, s.threads().get(0)) || !racesWrites(mig, s.threads().get(1))) {
                continue; // a thread of speculative walks alone races nothing on real threads
            }
            String pair = role(mig, s.threads().get(0)) + "\u00d7" + role(mig, s.threads().get(1));
            int writes = writes(s);
            int first = firstWrites.computeIfAbsent(pair, k -> writes);
            if (writes > first + 1) {
                continue; // the two smallest numbers of writes of this pair only
            }
            String level = pair + "/" + writes;
            if (taken.merge(level, 1, Integer::sum) <= PER_PAIR) {
                byPair.computeIfAbsent(pair, k -> new ArrayList<>()).add(s);
            }
        }
        List<Race> r = new ArrayList<>();
        for (Map.Entry<String, List<Scenario>> e : byPair.entrySet()) {
            for (Scenario s : e.getValue()) {
                r.add(new Race(s, false, e.getKey()));
                if (primable(mig, s)) {
                    r.add(new Race(s, true, e.getKey()));
                }
            }
        }
        return r;
    }

    /** The thread is the migration side's, or writes. */
    private static boolean racesWrites(Migration mig, List<Op> thread) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null || a.role() == Actor.Role.MIGRATION) {
            return true;
        }
        return thread.stream().anyMatch(o -> o.action().equals(Op.GUEST_WRITE) || o.action().equals(Op.GUEST_WRITE_SLOW)
                || o.action().equals(Op.HOST_WRITE) || o.action().equals(Op.ACCESS_TRACK));
    }

    /** Guest and host writes in the whole scenario. */
    static int writes(Scenario s) {
        int n = 0;
        List<Op> all = new ArrayList<>(s.init());
        s.threads().forEach(all::addAll);
        all.addAll(s.post());
        for (Op o : all) {
            n += o.action().equals(Op.GUEST_WRITE) || o.action().equals(Op.GUEST_WRITE_SLOW)
                    || o.action().equals(Op.HOST_WRITE) || o.action().equals(Op.ACCESS_TRACK) ? 1 : 0;
        }
        return n;
    }

    /** The role of a thread's actor: vcpu for any vCPU, else the actor's name (host, aging, harvester, ...). */
    static String role(Migration mig, List<Op> thread) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null) {
            return thread.get(0).actor();
        }
        return a.role() == Actor.Role.VCPU ? "vcpu" : a.name();
    }

    private static boolean primable(Migration mig, Scenario s) {
        List<Op> t = s.threads().get(0);
        Actor a = mig.actor(t.get(0).actor());
        return a != null && a.role() == Actor.Role.VCPU && (t.get(0).action().equals(Op.GUEST_WRITE)
                || t.get(0).action().equals(Op.GUEST_WRITE_SLOW));
    }

    /**
     * The races as lines of text, one per race: {@code primed<TAB>pair<TAB>name<TAB>init<TAB>first<TAB>second<TAB>post},
     * each list of operations as {@code actor:action:arg} separated by spaces. The back-end writes them for the
     * forked JVMs (generating the scenarios there would eat into jcstress's measured time).
     */
    static List<String> lines(List<Race> races) {
        List<String> r = new ArrayList<>();
        for (Race x : races) {
            Scenario s = x.scenario();
            r.add(x.primed() + "\t" + x.pair() + "\t" + s.name() + "\t" + ops(s.init()) + "\t"
                    + ops(s.threads().get(0)) + "\t" + ops(s.threads().get(1)) + "\t" + ops(s.post()));
        }
        return r;
    }

    /** The inverse of {@link #lines}. */
    static List<Race> parse(List<String> lines) {
        List<Race> r = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("not a race: " + line);
            }
            Scenario s = new Scenario(f[2], ops(f[3]), List.of(ops(f[4]), ops(f[5])), ops(f[6]), "");
            r.add(new Race(s, Boolean.parseBoolean(f[0]), f[1]));
        }
        return r;
    }

    private static String ops(List<Op> ops) {
        List<String> r = new ArrayList<>();
        for (Op o : ops) {
            r.add(o.actor() + ":" + o.action() + ":" + o.arg());
        }
        return String.join(" ", r);
    }

    private static List<Op> ops(String text) {
        List<Op> r = new ArrayList<>();
        for (String w : text.trim().split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            String[] f = w.split(":");
            r.add(new Op(f[0], f[1], Integer.parseInt(f[2])));
        }
        return r;
    }

    /** The thread's operations repeated {@code burst} times when it is a writer's (the migration side's once). */
    static List<Op> burst(Migration mig, List<Op> thread, int burst) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null || a.role() == Actor.Role.MIGRATION) {
            return thread;
        }
        List<Op> r = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            r.addAll(thread);
        }
        return r;
    }
}
