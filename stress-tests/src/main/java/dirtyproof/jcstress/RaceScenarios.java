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
 * The races {@link ProtocolRace} runs for a variant, taken from the family's generated scenarios ({@link
 * dirtyproof.family.Family#scenarios}) with exactly two threads, everything else of a scenario run in the state
 * constructor (init) or the arbiter (post, then the final round). jcstress runs no more actors than there are
 * CPUs; two fit the machines this runs on.
 * <ul>
 *   <li>Every two-thread scenario of the family's own (the ring's {@code wrap}, the two reapers' race): a family
 *       writes those for windows the generated programs do not open.</li>
 *   <li>Of the generated ones, the <em>item races</em>: each writer's thread is one item of its program (one
 *       guest write, with the speculative walk or the flush exit before it; one host write; one access-tracking
 *       step), the migration side's thread its live rounds; for each pair of actor roles (vCPU × vCPU, vCPU ×
 *       host, vCPU × migration side, host × migration side, and whatever pairs a family's actors make) the
 *       {@value #PER_PAIR} smallest, in the generator's order. A thread repeats its item (the burst), so a
 *       longer thread adds nothing a sampler needs; what a race needs beyond its two items is state, set up by
 *       the init.</li>
 *   <li>Each of those also <em>pre-written</em>: the first vCPU's write of page 0 put before its init (the page
 *       faulted, made writable, marked and cached), the state most lost writes start from, so that an init of
 *       two steps (written, then access-tracked; written, then a neighbour in its word set) is raced as well.</li>
 * </ul>
 * Each race is run in two forms: as generated, and <em>primed</em>, when its first thread's first operation
 * is a guest write: the state constructor takes that write's first step (the store that may take the EPT
 * violation), so that the fault path itself races the other thread. On real threads a window of a few steps is
 * hit more often when the operations that open it are repeated: a vCPU's operations in a thread are repeated
 * {@code burst} times ({@link #burst}), and the variant's {@code writes} bound is raised to fit ({@link #stressed}).
 */
final class RaceScenarios {

    /** The most generated item races per pair of actor roles, before the pre-written and primed forms. */
    static final int PER_PAIR = 12;

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
        return MEMO.computeIfAbsent(dirtyproof.variant.VariantLoader.toYaml(v), k -> generate(v, PER_PAIR));
    }

    /** The races of the variant with at most {@code perPair} generated item races per pair of roles. */
    static List<Race> generate(Variant v, int perPair) {
        Migration mig = v.family().start(v);
        java.util.Set<String> standard = new java.util.HashSet<>();
        for (Scenario s : dirtyproof.family.Scenarios.standard(v, v.family().liveRounds(v))) {
            standard.add(s.toString());
        }
        Map<String, List<Scenario>> byPair = new LinkedHashMap<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Scenario s : v.family().scenarios(v)) {
            if (s.threads().size() != 2 || !racesWrites(mig, s.threads().get(0)) || !racesWrites(mig, s.threads().get(1))) {
                continue; // a thread of speculative walks alone races nothing on real threads
            }
            String pair = s.pair(mig);
            boolean own = !standard.contains(s.toString());
            if (!own && (!item(mig, s.threads().get(0)) || !item(mig, s.threads().get(1))
                    || taken.merge(pair, 1, Integer::sum) > perPair)) {
                continue;
            }
            if (seen.add(s.toString())) {
                byPair.computeIfAbsent(pair, k -> new ArrayList<>()).add(s);
            }
            Scenario pre = own ? null : preWritten(mig, s);
            if (pre != null && seen.add(pre.toString())) {
                byPair.computeIfAbsent(pair, k -> new ArrayList<>()).add(pre);
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

    private static boolean isWrite(Op o) {
        return o.action().equals(Op.GUEST_WRITE) || o.action().equals(Op.GUEST_WRITE_SLOW)
                || o.action().equals(Op.HOST_WRITE) || o.action().equals(Op.ACCESS_TRACK);
    }

    /** The thread is the migration side's, or one item of a writer's program (one write, with what precedes it). */
    private static boolean item(Migration mig, List<Op> thread) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null || a.role() == Actor.Role.MIGRATION) {
            return true;
        }
        return thread.stream().filter(RaceScenarios::isWrite).count() == 1 && isWrite(thread.get(thread.size() - 1));
    }

    /**
     * The scenario with the first vCPU's write of page 0 before its init, or null when there is no vCPU or the
     * init already starts with that write.
     */
    private static Scenario preWritten(Migration mig, Scenario s) {
        Actor vcpu = mig.actors().stream().filter(a -> a.role() == Actor.Role.VCPU).findFirst().orElse(null);
        if (vcpu == null) {
            return null;
        }
        Op w = Op.guestWrite(0, 0);
        if (!w.actor().equals(vcpu.name()) || (!s.init().isEmpty() && s.init().get(0).equals(w))) {
            return null;
        }
        List<Op> init = new ArrayList<>();
        init.add(w);
        init.addAll(s.init());
        return new Scenario("pre-written p0 ; " + s.name(), init, s.threads(), s.post(), s.why());
    }

    /** The thread is the migration side's, or writes. */
    private static boolean racesWrites(Migration mig, List<Op> thread) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null || a.role() == Actor.Role.MIGRATION) {
            return true;
        }
        return thread.stream().anyMatch(RaceScenarios::isWrite);
    }

    /** Guest and host writes in the whole scenario. */
    static int writes(Scenario s) {
        int n = 0;
        List<Op> all = new ArrayList<>(s.init());
        s.threads().forEach(all::addAll);
        all.addAll(s.post());
        for (Op o : all) {
            n += isWrite(o) ? 1 : 0;
        }
        return n;
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

    /**
     * The thread's operations repeated {@code burst} times when it is a vCPU's; the migration side's, the host's and
     * the aging actor's once. A vCPU's burst keeps it storing through the window its first store opened (a stale TLB
     * entry, a page left writable); a host write marks the page every time, so a repeated one would only re-mark
     * what the race wiped, and only its last mark could be the lost one.
     */
    static List<Op> burst(Migration mig, List<Op> thread, int burst) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null || a.role() != Actor.Role.VCPU) {
            return thread;
        }
        List<Op> r = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            r.addAll(thread);
        }
        return r;
    }
}
