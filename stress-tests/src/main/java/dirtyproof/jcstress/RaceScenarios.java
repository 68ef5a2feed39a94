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
 * ({@link dirtyproof.family.Family#scenarios}), the smallest {@value #PER_PAIR} of each pair of actor roles
 * (vCPU × vCPU, vCPU × host, vCPU × migration side, host × migration side, and whatever pairs a family's actors
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

    /** The most scenarios per pair of actor roles. */
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

    /** The races of the variant, in a fixed order (the forked JVMs and the back-end compute the same list). */
    static List<Race> of(Variant v) {
        Migration mig = v.family().start(v);
        Map<String, List<Scenario>> byPair = new LinkedHashMap<>();
        for (Scenario s : v.family().scenarios(v)) {
            if (s.threads().size() != 2) {
                continue;
            }
            String pair = role(mig, s.threads().get(0)) + "\u00d7" + role(mig, s.threads().get(1));
            List<Scenario> l = byPair.computeIfAbsent(pair, k -> new ArrayList<>());
            if (l.size() < PER_PAIR) {
                l.add(s);
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

    /** The role of a thread's actor: vcpu, host, or the migration side's actor name. */
    static String role(Migration mig, List<Op> thread) {
        Actor a = mig.actor(thread.get(0).actor());
        if (a == null) {
            return thread.get(0).actor();
        }
        switch (a.role()) {
            case VCPU:
                return "vcpu";
            case HOST:
                return "host";
            default:
                return a.name();
        }
    }

    private static boolean primable(Migration mig, Scenario s) {
        List<Op> t = s.threads().get(0);
        Actor a = mig.actor(t.get(0).actor());
        return a != null && a.role() == Actor.Role.VCPU && t.get(0).action().equals(Op.GUEST_WRITE);
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
