package dirtyproof.family;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.MmuLockKind;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenarios are generated from the actors and the bounds, never from the variant's name or expectation. */
class ScenariosTest {

    static Variant today() {
        return Families.get("get-log").defaults("k");
    }

    static Variant at(Variant v, int pages, int vcpus, int writes, int rounds) {
        return v.withBounds(new Bounds(pages, 2, vcpus, writes, rounds));
    }

    static List<String> names(Variant v) {
        return v.family().scenarios(v).stream().map(Scenario::name).collect(Collectors.toList());
    }

    static List<Op> all(Scenario s) {
        List<Op> r = new ArrayList<>(s.init());
        s.threads().forEach(r::addAll);
        r.addAll(s.post());
        return r;
    }

    @Test
    void oneWriteOfOneVcpuAgainstOneRound() {
        // every cut of a one-write program (a store, or a speculative walk then the store) around one live round:
        // the sequences first, then the races, the fewest steps in the threads first
        assertEquals(List.of("harvester:round > vcpu0:w0", "vcpu0:w0 > harvester:round",
                "harvester:round > vcpu0:fill0,w0", "vcpu0:fill0 > harvester:round > vcpu0:w0",
                "vcpu0:fill0,w0 > harvester:round", "vcpu0:fill0 || harvester:round ; vcpu0:w0",
                "vcpu0:w0 || harvester:round", "vcpu0:fill0 ; vcpu0:w0 || harvester:round",
                "vcpu0:fill0,w0 || harvester:round"), names(at(today(), 1, 1, 1, 1)));
    }

    /**
     * The writers' parts before and after the threads run in vCPU order, so a renaming of the vCPUs that reorders
     * them is another execution, not a symmetry: aging-flush-if-changed at {@code vcpus: 2, writes: 1} loses a
     * write only when one vCPU's write makes the SPTE writable before the other vCPU's walk caches it (TLC's
     * counterexample), and the generator once left that order out of its sequences (Lincheck runs every
     * sequence directly, whatever its budget; it reached the order only inside races the budget never got to).
     */
    @Test
    void aVcpuPermutationKeepsTheOrderOfWhatRunsBeforeTheThreads() {
        Variant aging = dirtyproof.variant.VariantLoader.parse("name: a\nprotocol: get-log\naging: true\n"
                + "flush-when: spte-changed\nbounds: {pages: 2, pages-per-word: 2, vcpus: 2, writes: 1, rounds: 1}\n",
                "test", null);
        boolean found = false;
        for (Scenario sc : aging.family().scenarios(aging)) {
            if (sc.threads().size() >= 2) {
                continue;
            }
            List<String> ops = all(sc).stream().map(o -> o.actor() + " " + o.action() + " " + o.arg())
                    .collect(Collectors.toList());
            for (String[] v : new String[][] {{"vcpu0", "vcpu1"}, {"vcpu1", "vcpu0"}}) {
                for (int p = 0; p < 2; p++) {
                    found |= ops.equals(List.of(v[0] + " " + Op.GUEST_WRITE + " " + p, v[1] + " " + Op.TLB_FILL + " " + p,
                            "aging " + Op.ACCESS_TRACK + " " + p, "harvester " + Op.LIVE_ROUND + " -1", v[1] + " " + Op.GUEST_WRITE
                            + " " + p));
                }
            }
        }
        assertTrue(found, "the sequence: one vCPU writes p, the other walks it, aging clears W, a round, then the walker"
                + " writes");
    }

    @Test
    void whatIsExploredGrowsWithEveryBound() {
        Variant base = at(today(), 2, 1, 1, 1);
        int n = names(base).size();
        assertTrue(names(at(today(), 2, 1, 2, 1)).size() > n, "writes");
        assertTrue(names(at(today(), 2, 2, 1, 1)).size() > n, "vcpus");
        assertTrue(names(at(today(), 2, 1, 1, 2)).size() > n, "rounds");
        // one write to p1 is one write to p0 (pages of a word are interchangeable); two writes tell them apart
        assertTrue(names(at(today(), 1, 1, 2, 1)).size() < names(at(today(), 2, 1, 2, 1)).size(), "pages");
        assertTrue(names(base.withHostWrites(true)).size() > n, "host writes");
    }

    @Test
    void everyProgramWithinTheBoundsAndNoMore() {
        for (Variant v : List.of(at(today(), 2, 2, 1, 2), at(today(), 2, 1, 2, 1).withHostWrites(true))) {
            for (Scenario s : v.family().scenarios(v)) {
                Map<String, Integer> writes = new HashMap<>();
                int rounds = 0;
                for (Op op : all(s)) {
                    if (op.action().equals(Op.GUEST_WRITE) || op.action().equals(Op.HOST_WRITE)) {
                        writes.merge(op.actor(), 1, Integer::sum);
                        assertTrue(op.arg() < v.bounds().pages(), s.toString());
                    }
                    if (op.actor().startsWith("vcpu")) {
                        assertTrue(Integer.parseInt(op.actor().substring(4)) < v.bounds().vcpus(), s.toString());
                    }
                    rounds += op.action().equals(Op.LIVE_ROUND) ? 1 : 0;
                }
                assertTrue(writes.values().stream().allMatch(w -> w <= v.bounds().writes()), s + ": " + writes);
                assertEquals(v.bounds().rounds(), rounds, "every live round, once: " + s);
                // one actor per thread
                for (List<Op> t : s.threads()) {
                    assertEquals(1, t.stream().map(Op::actor).distinct().count(), s.toString());
                }
            }
        }
    }

    @Test
    void eachPairOfConcurrentActorsIsRaced() {
        Variant v = at(today(), 2, 2, 1, 1).withHostWrites(true);
        Set<String> pairs = new HashSet<>();
        for (Scenario s : v.family().scenarios(v)) {
            if (s.threads().size() == 2) {
                pairs.add(kind(s.racing().get(0)) + "x" + kind(s.racing().get(1)));
            }
        }
        assertTrue(pairs.containsAll(Set.of("vcpuxvcpu", "vcpuxhost", "vcpuxharvester", "hostxharvester")), pairs.toString());
    }

    private static String kind(String actor) {
        return actor.startsWith("vcpu") ? "vcpu" : actor;
    }

    @Test
    void vcpusAndPagesOfOneWordAreInterchangeable() {
        // vcpu1 never writes alone (it would be vcpu0), and p1 never comes before p0 in a one-vCPU scenario
        Variant v = at(today(), 2, 2, 1, 1);
        for (Scenario s : v.family().scenarios(v)) {
            List<Op> ops = all(s);
            boolean vcpu0 = ops.stream().anyMatch(o -> o.actor().equals("vcpu0"));
            boolean vcpu1 = ops.stream().anyMatch(o -> o.actor().equals("vcpu1"));
            assertFalse(vcpu1 && !vcpu0, s.toString());
        }
        Set<String> texts = new HashSet<>();
        for (Scenario s : v.family().scenarios(v)) {
            assertTrue(texts.add(s.toString()), "twice: " + s);
        }
    }

    @Test
    void asyncFlushAddsExits() {
        MachineConfig m = today().machine();
        Variant async = today().withMachine(new MachineConfig(m.setOp(), m.faultPath(), m.faultOrder(), FlushMode.ASYNC,
                false));
        assertTrue(names(at(async, 1, 1, 1, 1)).stream().anyMatch(n -> n.contains("exit")));
        assertTrue(names(today()).stream().noneMatch(n -> n.contains("exit")));
    }

    @Test
    void theMixedPathsChoiceAndTheAgingActorAreProgramsToo() {
        Variant mixed = VariantLoaderHelper.parse("fault-path: mixed\nfault-lock: shared\nmmu-lock-kind: rwlock\n"
                + "bounds: {pages: 1, pages-per-word: 1, vcpus: 1, writes: 1, rounds: 1}\n");
        assertTrue(mixed.family().scenarios(mixed).stream().flatMap(s -> all(s).stream())
                .anyMatch(o -> o.action().equals(Op.GUEST_WRITE_SLOW)), "a write whose fault takes the slow path");
        Variant aging = VariantLoaderHelper.parse("aging: true\n"
                + "bounds: {pages: 1, pages-per-word: 1, vcpus: 1, writes: 1, rounds: 1}\n");
        assertTrue(aging.family().scenarios(aging).stream().anyMatch(s -> s.threads().size() == 2
                && s.racing().contains("aging")), "the aging actor races");
        assertTrue(names(today()).stream().noneMatch(n -> n.contains("slow") || n.contains("age")));
    }

    /** A get-log variant from a few keys. */
    static final class VariantLoaderHelper {
        static Variant parse(String keys) {
            return dirtyproof.variant.VariantLoader.parse("name: x\nprotocol: get-log\n" + keys, "test", null);
        }
    }

    @Test
    void noWritesNoScenario() {
        assertTrue(names(at(today(), 2, 2, 0, 1)).isEmpty());
    }

    @Test
    void withoutLiveRoundsOnlyTheWritersRace() {
        Variant v = at(today(), 2, 2, 1, 0);
        assertFalse(names(v).isEmpty());
        for (Scenario s : v.family().scenarios(v)) {
            assertTrue(all(s).stream().noneMatch(op -> op.actor().equals("harvester")), s.toString());
        }
    }

    @Test
    void largeBoundsAreCutAndSaySo() {
        Scenarios.Generated g = Scenarios.coverage(at(today(), 2, 3, 1, 1));
        assertFalse(g.complete());
        assertTrue(g.writes() < g.maxWrites(), g.writes() + " of " + g.maxWrites());
        assertTrue(g.scenarios().size() <= Scenarios.LIMIT);
        assertTrue(Scenarios.coverage(at(today(), 2, 1, 2, 1)).complete());
    }

    @Test
    void aScenarioPrintsInTheVocabulary() {
        Scenario s = today().family().scenarios(at(today(), 1, 1, 1, 1)).stream()
                .filter(x -> x.name().equals("vcpu0:fill0 || harvester:round ; vcpu0:w0")).findFirst().orElseThrow();
        assertEquals("vcpu0:fill0 || harvester:round ; vcpu0:w0 [vcpu0:tlb-fill(p0)] || [harvester:live-round]"
                + " then [vcpu0:guest-write(p0)]", s.toString());
    }
}
