package dirtyproof.family;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.MmuLockKind;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenarios follow the variant's keys and bounds, never its name or expected verdict. */
class ScenariosTest {

    static Variant today() {
        return Families.get("get-log").defaults("k");
    }

    static List<String> names(Variant v) {
        return v.family().scenarios(v).stream().map(Scenario::name).collect(Collectors.toList());
    }

    @Test
    void kernelTodayGetsTheVcpuScenarios() {
        assertEquals(List.of("write-once", "dirty-rewrite", "dirty-refill", "rewrite", "two-pages", "vcpus-two-pages",
                "vcpus-one-page"), names(today()));
    }

    @Test
    void hostWritesAddTheHostScenariosFirst() {
        List<String> n = names(today().withHostWrites(true));
        assertEquals("host-two-pages", n.get(0));
        assertTrue(n.contains("vcpu-and-host-no-harvest") && n.contains("vcpu-and-host"));
        assertTrue(names(today()).stream().noneMatch(s -> s.contains("host")));
    }

    @Test
    void asyncFlushAddsTheExitScenario() {
        MachineConfig m = today().machine();
        Variant async = today().withMachine(new MachineConfig(m.setOp(), m.faultPath(), m.faultOrder(), FlushMode.ASYNC,
                false));
        assertTrue(names(async).contains("dirty-exit-rewrite"));
        assertFalse(names(today()).contains("dirty-exit-rewrite"));
    }

    @Test
    void scenariosRespectTheBounds() {
        assertEquals(List.of("write-once"), names(today().withBounds(new Bounds(1, 1, 1, 1, 1))));
        assertTrue(names(today().withBounds(new Bounds(2, 2, 2, 0, 1))).isEmpty());
        for (Variant v : List.of(today(), today().withHostWrites(true))) {
            for (Scenario s : v.family().scenarios(v)) {
                for (Op op : s.threads().stream().flatMap(List::stream).collect(Collectors.toList())) {
                    if (op.action().equals(Op.GUEST_WRITE)) {
                        assertTrue(Integer.parseInt(op.actor().substring(4)) < v.bounds().vcpus()
                                && op.arg() < v.bounds().pages(), s.toString());
                    }
                }
            }
        }
    }

    @Test
    void withoutLiveRoundsThereIsNoMigrationThread() {
        Variant v = today().withBounds(new Bounds(2, 2, 2, 2, 0));
        for (Scenario s : v.family().scenarios(v)) {
            assertTrue(s.threads().stream().flatMap(List::stream).noneMatch(op -> op.action().equals(Op.LIVE_ROUNDS)),
                    s.toString());
        }
    }

    @Test
    void theMixedFaultPathAddsSlowPathScenarios() {
        MachineConfig m = today().machine();
        Variant mixed = today().withMachine(new MachineConfig(m.setOp(), FaultPath.MIXED, m.faultOrder(), LockMode.SHARED,
                m.harvestLock(), MmuLockKind.RWLOCK, m.spteUpdate(), m.flush(), m.flushWhen(), false, false));
        List<String> n = names(mixed);
        assertTrue(n.containsAll(List.of("slow-write-once", "slow-rewrite", "slow-and-fast")), n.toString());
        assertTrue(n.containsAll(names(today())), "the fast path's scenarios stay: " + n);
        assertTrue(names(today()).stream().noneMatch(x -> x.startsWith("slow-")));
        Scenario s = mixed.family().scenarios(mixed).stream().filter(x -> x.name().equals("slow-and-fast"))
                .findFirst().orElseThrow();
        assertEquals("slow-and-fast [vcpu0:guest-write-slow(p0)] || [vcpu1:guest-write(p0)] || [harvester:live-rounds]",
                s.toString());
    }

    @Test
    void agingAddsTheAgedScenarios() {
        MachineConfig m = today().machine();
        Variant aged = today().withMachine(new MachineConfig(m.setOp(), m.faultPath(), m.faultOrder(), m.faultLock(),
                m.harvestLock(), m.mmuLockKind(), m.spteUpdate(), m.flush(), m.flushWhen(), true, false));
        assertTrue(names(aged).containsAll(List.of("aged-rewrite", "aged-race")), names(aged).toString());
        assertTrue(names(today()).stream().noneMatch(x -> x.startsWith("aged-")));
        Scenario s = aged.family().scenarios(aged).stream().filter(x -> x.name().equals("aged-race"))
                .findFirst().orElseThrow();
        assertEquals("aged-race init [vcpu0:guest-write(p0)] then [vcpu0:guest-write(p0)] || [aging:access-track(p0)]"
                + " || [harvester:live-rounds]", s.toString());
    }

    @Test
    void aScenarioPrintsInTheVocabulary() {
        Scenario s = today().family().scenarios(today()).stream().filter(x -> x.name().equals("dirty-refill"))
                .findFirst().orElseThrow();
        assertEquals("dirty-refill init [vcpu0:guest-write(p0)] then [vcpu0:tlb-fill(p0), vcpu0:guest-write(p0)]"
                + " || [harvester:live-rounds]", s.toString());
    }
}
