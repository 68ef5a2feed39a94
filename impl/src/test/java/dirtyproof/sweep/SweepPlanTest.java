package dirtyproof.sweep;

import dirtyproof.getlog.HarvestStep;
import dirtyproof.variant.KeyDef;
import dirtyproof.variant.VariantException;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The enumeration of a sweep: which combinations, in which order, from which key descriptions. */
class SweepPlanTest {

    @Test
    void keyDefsComeFromTheCodeThatReadsTheKeys() {
        Map<String, KeyDef> d = VariantLoader.keyDefs("get-log").stream()
                .collect(Collectors.toMap(KeyDef::key, x -> x));
        assertEquals(KeyDef.Kind.STEPS, d.get("harvest").kind());
        assertEquals(java.util.Arrays.stream(HarvestStep.values()).map(HarvestStep::id).collect(Collectors.toList()),
                d.get("harvest").values());
        assertEquals(KeyDef.Kind.SCOPE, d.get("mmu-lock").kind());
        assertEquals("harvest", d.get("mmu-lock").within());
        assertEquals(List.of("xchg", "load-store"), d.get("clear-op").values());
        assertEquals(KeyDef.Kind.CHOICE, d.get("fault-path").kind());
        assertTrue(d.get("fault-path").values().containsAll(List.of("fast", "locked")));
        assertEquals(KeyDef.Kind.BOOLEAN, d.get("host-writes").kind());
        assertEquals(KeyDef.Kind.STEPS, d.get("fault-order").kind());
    }

    @Test
    void harvestOrderIsEveryPermutationDefaultFirst() {
        SweepPlan p = SweepPlan.of("get-log", List.of("harvest-order"), Map.of());
        List<SweepPlan.Combination> cs = p.combinations();
        assertEquals(24, cs.size());
        Set<Object> distinct = new HashSet<>();
        cs.forEach(c -> distinct.add(c.variant().keys().get("harvest")));
        assertEquals(24, distinct.size());
        assertTrue(cs.stream().allMatch(SweepPlan.Combination::valid));
        assertEquals(List.of("snapshot-clear", "write-protect", "flush-tlb", "copy-to-user"), cs.get(0).values().get("harvest"));
        assertEquals("get-log-01", cs.get(0).name());
        assertEquals("get-log-24", cs.get(23).name());
        // the lock scope is today's, wherever the steps go
        assertTrue(cs.stream().allMatch(c -> Set.copyOf((List<?>) c.variant().keys().get("mmu-lock"))
                .equals(Set.of("snapshot-clear", "write-protect"))));
    }

    @Test
    void subsetsOrdersAndScopes() {
        assertEquals(16, SweepPlan.of("get-log", List.of("harvest-subset"), Map.of()).combinations().size());
        // every order of every subset: 1 + 4 + 12 + 24 + 24
        assertEquals(65, SweepPlan.of("get-log", List.of("harvest-order", "harvest-subset"), Map.of()).combinations().size());
        // every subset of the four harvest steps under mmu_lock
        SweepPlan lock = SweepPlan.of("get-log", List.of("mmu-lock"), Map.of());
        assertEquals(16, lock.combinations().size());
        // a scope draws from the harvest of its own combination, whatever the order of --vary
        SweepPlan both = SweepPlan.of("get-log", List.of("mmu-lock", "harvest-subset"), Map.of());
        int expected = 0;
        for (int size = 0; size <= 4; size++) {
            expected += binomial(4, size) * (1 << size);
        }
        assertEquals(expected, both.combinations().size());
        assertEquals(List.of("harvest", "mmu-lock"), both.variedKeys());
        SweepPlan choices = SweepPlan.of("get-log", List.of("fault-path", "clear-op", "host-writes"),
                Map.of("bounds", Map.of("vcpus", 1)));
        assertEquals(VariantLoader.keyDefs("get-log").stream().filter(d -> d.key().equals("fault-path")).findFirst()
                .get().values().size() * 2 * 2, choices.combinations().size());
        assertTrue(choices.combinations().stream().allMatch(c -> c.variant().bounds().vcpus() == 1));
    }

    @Test
    void shardsPartitionTheCombinations() {
        SweepPlan p = SweepPlan.of("get-log", List.of("harvest-order"), Map.of());
        Set<Integer> seen = new HashSet<>();
        for (int k = 1; k <= 5; k++) {
            for (SweepPlan.Combination c : p.shard(k, 5)) {
                assertTrue(seen.add(c.index()), "combination " + c.index() + " in two shards");
            }
        }
        assertEquals(24, seen.size());
        assertThrows(VariantException.class, () -> p.shard(3, 2));
    }

    @Test
    void badInputNamesTheOptionAndTheChoices() {
        VariantException e = assertThrows(VariantException.class,
                () -> SweepPlan.of("get-log", List.of("harvest-ordr"), Map.of()));
        assertTrue(e.getMessage().contains("--vary") && e.getMessage().contains("harvest-order"), e.getMessage());
        e = assertThrows(VariantException.class, () -> SweepPlan.of("get-lg", List.of("harvest-order"), Map.of()));
        assertTrue(e.getMessage().contains("get-log"), e.getMessage());
        e = assertThrows(VariantException.class,
                () -> SweepPlan.of("get-log", List.of("fault-path"), Map.of("fault-path", "locked")));
        assertTrue(e.getMessage().contains("also fixed"), e.getMessage());
        e = assertThrows(VariantException.class,
                () -> SweepPlan.of("get-log", List.of("harvest-order"), Map.of("bounds", Map.of("vcpus", 99))));
        assertTrue(e.getMessage().contains("vcpus"), e.getMessage());
    }

    @Test
    void aCombinationTheFamilyRejectsIsKeptWithItsReason() {
        // mmu-lock fixed to write-protect: the subsets without write-protect are not variants
        SweepPlan p = SweepPlan.of("get-log", List.of("harvest-subset"), Map.of("mmu-lock", List.of("write-protect")));
        long rejected = p.combinations().stream().filter(c -> !c.valid()).count();
        assertEquals(8, rejected);
        assertTrue(p.combinations().stream().filter(c -> !c.valid()).allMatch(c -> c.problem().contains("mmu-lock")));
    }

    private static int binomial(int n, int k) {
        int r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
