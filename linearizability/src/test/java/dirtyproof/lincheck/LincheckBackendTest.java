package dirtyproof.lincheck;

import dirtyproof.family.Op;
import dirtyproof.family.Scenario;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The back-end fails closed: everything that is not a finished exploration or a validated lost write is INCONCLUSIVE. */
class LincheckBackendTest {

    static BackendOptions options(Duration timeout, Map<String, String> extra) {
        Path work = Paths.get("target", "lincheck-work").toAbsolutePath();
        return new BackendOptions(Paths.get("..").toAbsolutePath().normalize(), work, timeout, extra);
    }

    static Variant kernelToday() {
        return dirtyproof.family.Families.get("get-log").defaults("kernel-today-test");
    }

    @Test
    void theChildGetsAnAbsoluteClassPath() {
        for (String e : LincheckBackend.classPath().split(java.io.File.pathSeparator)) {
            assertTrue(Paths.get(e).isAbsolute(), e);
        }
    }

    @Test
    void aTimeoutIsInconclusive() {
        BackendResult r = new LincheckBackend().check(kernelToday(), options(Duration.ofMillis(300), Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("timeout"), r.reason());
    }

    @Test
    void aChildThatCannotStartIsInconclusive() {
        BackendResult r = new LincheckBackend().check(kernelToday(),
                options(Duration.ofSeconds(60), Map.of("lincheck.jvm-args", "-XX:+NoSuchOptionForDirtyproof")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("wrote no result"), r.reason());
    }

    @Test
    void badKnobsAreInconclusiveWithTheReason() {
        BackendResult r = new LincheckBackend().check(kernelToday(),
                options(Duration.ofSeconds(60), Map.of("lincheck.granularity", "atoms")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("step or memory"), r.reason());
        r = new LincheckBackend().check(kernelToday(), options(Duration.ofSeconds(60), Map.of("lincheck.invocations", "many")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("whole number"), r.reason());
    }

    @Test
    void otherProtocolsAreInconclusive() {
        // every protocol the loader knows is modelled: a variant of a protocol with no family, built by hand
        Variant other = new Variant("other-x", "no-such-protocol", "", dirtyproof.variant.MachineConfig.TODAY,
                dirtyproof.model.Bounds.DEFAULT, Map::of, null, null);
        BackendResult r = new LincheckBackend().check(other, options(Duration.ofSeconds(60), Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("unknown protocol 'no-such-protocol'"), r.reason());
    }


    @Test
    void noWritesMeansNothingExploredAndInconclusive() {
        Variant v = kernelToday().withBounds(new Bounds(2, 2, 2, 0, 1));
        BackendResult r = new LincheckBackend().check(v, options(Duration.ofSeconds(60), Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("nothing explored"), r.reason());
    }

    @Test
    void aSafeRunReportsWhatItExplored() {
        BackendResult r = new LincheckBackend().check(kernelToday(),
                options(Duration.ofSeconds(240), Map.of("lincheck.invocations", "20", "lincheck.budget", "300")));
        assertEquals(Verdict.SAFE, r.verdict(), r.reason());
        int scenarios = r.explored().get("scenarios").intValue();
        int total = kernelToday().family().scenarios(kernelToday()).size();
        assertEquals(total, r.explored().get("scenarios-total").intValue());
        assertTrue(scenarios <= total && scenarios > r.explored().get("sequential").intValue(), r.explored().toString());
        assertTrue(r.explored().get("invocations").longValue() >= scenarios, r.explored().toString());
        assertTrue(r.explored().get("interleavings").longValue() >= scenarios, r.explored().toString());
        assertTrue(r.explored().get("pairs").intValue() >= 2, "vCPU x vCPU and vCPU x harvester at least: " + r.explored());
        // what was not explored is said
        assertTrue(scenarios == total || r.reason().contains("were not explored"), r.reason());
        assertTrue(r.reason().contains("actor pairs raced: "), r.reason());
    }

    @Test
    void resultFilesThatDoNotAddUpAreInconclusive(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("result.properties");
        Files.writeString(f, "verdict=SAFE\nprobes=2\nprobes.total=6\ninvocations=40\ninterleavings=10\n");
        BackendResult r = LincheckBackend.decide(f, 1.0, dir);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("do not add up"), r.reason());

        Files.writeString(f, "verdict=UNSAFE\nprobes=1\nprobes.total=6\ninvocations=4\ninterleavings=1\n"
                + "counterexample={\"columns\": [\"vcpu0\"], \"steps\": [{\"event\": \"vcpu0:guest-write(p0)\"}], \"lost\": []}\n");
        r = LincheckBackend.decide(f, 1.0, dir);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("no counterexample ending with a lost write"), r.reason());

        Files.writeString(f, "verdict=UNSAFE\nprobes=1\nprobes.total=6\ninvocations=4\ninterleavings=1\ncounterexample=not json [\n");
        assertEquals(Verdict.INCONCLUSIVE, LincheckBackend.decide(f, 1.0, dir).verdict());

        Files.writeString(f, "probes=1\n");
        assertEquals(Verdict.INCONCLUSIVE, LincheckBackend.decide(f, 1.0, dir).verdict());

        Files.writeString(f, "verdict=SAFE\nprobes=x\n");
        assertEquals(Verdict.INCONCLUSIVE, LincheckBackend.decide(f, 1.0, dir).verdict());

        Files.writeString(f, "verdict=SAFE\nprobes=6\nprobes.total=6\ninvocations=600\ninterleavings=100\nreason=ok\n");
        assertEquals(Verdict.SAFE, LincheckBackend.decide(f, 1.0, dir).verdict());
    }

    /**
     * A Lincheck failure that is not the NoLostWrite violation -- here an operation that throws, a host write
     * on a variant without a host writer -- is INCONCLUSIVE with Lincheck's own message, never UNSAFE.
     */
    @Test
    void aFailureThatIsNotALostWriteIsInconclusive() {
        Scenario broken = new Scenario("broken", List.of(),
                List.of(List.of(Op.hostWrite(0)), List.of(Op.liveRounds("harvester"))), "a host write without a host");
        ProtocolCheck.Outcome out = ProtocolCheck.run(kernelToday(),
                new ProtocolCheck.Settings(20, ProtocolCheck.Granularity.STEP, null), List.of(broken));
        assertEquals(Verdict.INCONCLUSIVE, out.verdict(), out.reason());
        assertTrue(out.reason().contains("not a lost write"), out.reason());
        assertTrue(out.reason().contains("host-writes: false"), out.reason());
    }

    /** With memory granularity the recorded order may not replay; the reordering search still finds the race. */
    @Test
    void memoryGranularityFindsAndReplaysALostWrite() throws IOException {
        Variant v = dirtyproof.variant.VariantLoader.load(LincheckCatalogTest.catalog().resolve("get-log/fast-mark-before-writable.yaml"));
        ProtocolCheck.Outcome out = ProtocolCheck.run(v, new ProtocolCheck.Settings(150, ProtocolCheck.Granularity.MEMORY, null));
        assertEquals(Verdict.UNSAFE, out.verdict(), out.reason());
        assertTrue(out.reason().contains("loses the same write"), out.reason());
    }
}
