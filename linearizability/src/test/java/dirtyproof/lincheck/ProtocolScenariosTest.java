package dirtyproof.lincheck;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenarios follow the variant's keys and bounds, never its name or expected verdict. */
class ProtocolScenariosTest {

    static List<String> names(Variant v) {
        return ProtocolScenarios.probes(v).stream().map(ProtocolScenarios.Probe::name).collect(Collectors.toList());
    }

    @Test
    void kernelTodayGetsTheVcpuScenarios() {
        assertEquals(List.of("write-once", "dirty-rewrite", "dirty-refill", "rewrite", "two-pages", "vcpus-two-pages",
                "vcpus-one-page"), names(Variant.kernelToday("k")));
    }

    @Test
    void hostWritesAddTheHostScenariosFirst() {
        List<String> n = names(Variant.kernelToday("k").withHostWrites(true));
        assertEquals("host-two-pages", n.get(0));
        assertTrue(n.contains("vcpu-and-host-no-harvest") && n.contains("vcpu-and-host"));
        assertTrue(names(Variant.kernelToday("k")).stream().noneMatch(s -> s.contains("host")));
    }

    @Test
    void asyncFlushAddsTheExitScenario() {
        Variant k = Variant.kernelToday("k");
        Variant async = new Variant("a", k.protocol(), "", k.harvest(), k.mmuLock(), k.clearOp(), k.setOp(),
                k.faultPath(), k.faultOrder(), FlushMode.ASYNC, false, k.bounds(), null, null);
        assertTrue(names(async).contains("dirty-exit-rewrite"));
        assertFalse(names(k).contains("dirty-exit-rewrite"));
    }

    @Test
    void scenariosRespectTheBounds() {
        Variant one = Variant.kernelToday("k").withBounds(new Bounds(1, 1, 1, 1, 1));
        assertEquals(List.of("write-once"), names(one));
        Variant none = Variant.kernelToday("k").withBounds(new Bounds(2, 2, 2, 0, 1));
        assertTrue(names(none).isEmpty());
        for (Variant v : List.of(Variant.kernelToday("k"), Variant.kernelToday("k").withHostWrites(true))) {
            for (ProtocolScenarios.Probe p : ProtocolScenarios.probes(v)) {
                for (List<ProtocolScenarios.Op> t : p.threads()) {
                    for (ProtocolScenarios.Op op : t) {
                        if (op.method().equals("guestWrite")) {
                            assertTrue(op.args().get(0) < v.bounds().vcpus() && op.args().get(1) < v.bounds().pages(), p.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutLiveRoundsThereIsNoHarvesterThread() {
        Variant v = Variant.kernelToday("k").withBounds(new Bounds(2, 2, 2, 2, 0));
        for (ProtocolScenarios.Probe p : ProtocolScenarios.probes(v)) {
            assertTrue(p.threads().stream().flatMap(List::stream).noneMatch(op -> op.method().equals("liveRounds")), p.toString());
        }
    }

    @Test
    void aProbeBecomesALincheckScenarioWithOneThreadPerActor() {
        ProtocolScenarios.Probe p = ProtocolScenarios.probes(Variant.kernelToday("k")).stream()
                .filter(x -> x.name().equals("dirty-refill")).findFirst().orElseThrow();
        ExecutionScenario s = ProtocolScenarios.scenario(p);
        assertEquals(1, s.getInitExecution().size());
        assertEquals(2, s.getParallelExecution().size());
        assertEquals(2, s.getParallelExecution().get(0).size());
        assertEquals("dirty-refill init [vcpu0:guest-write(p0)] then [vcpu0:tlb-fill(p0), vcpu0:guest-write(p0)]"
                + " || [harvester:live-rounds]", p.toString());
    }
}
