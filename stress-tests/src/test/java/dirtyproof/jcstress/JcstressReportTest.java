package dirtyproof.jcstress;

import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.Json;
import dirtyproof.model.LostWrite;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading jcstress's output (captured from real runs, src/test/resources/jcstress-output) into a verdict: fail closed. */
class JcstressReportTest {

    private static final String RACE = ProtocolRace.class.getName();

    @TempDir
    Path tmp;

    private static String fixture(String name) throws IOException {
        try (InputStream in = JcstressReportTest.class.getResourceAsStream("/jcstress-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private BackendResult verdict(String output, String test, int exit) throws IOException {
        return JcstressBackend.verdict(JcstressReport.parse(output, test), exit, "short", tmp.resolve("traces"),
                tmp.resolve("jcstress.out"), System.nanoTime(), null);
    }

    @Test
    void aForbiddenOutcomeIsUnsafeWithItsCounts() throws IOException {
        JcstressReport r = JcstressReport.parse(fixture("failed.txt"), RACE);
        assertEquals(JcstressReport.Category.FAILED, r.category());
        assertEquals(129_240L + 129_205 + 9 + 19 + 5, r.samples());
        assertEquals(33, r.forbidden());
        assertEquals("1, 1, 1, 4, 1", r.observedForbidden().get(0).result());

        BackendResult v = verdict(fixture("failed.txt"), RACE, 1);
        assertEquals(Verdict.UNSAFE, v.verdict(), v.reason());
        assertEquals(33L, v.explored().get("forbidden").longValue());
        assertEquals(r.samples(), v.explored().get("samples").longValue());
        assertEquals(List.of("lost write: page p1 mem=4 dest=1"), v.counterexample().lines());
    }

    @Test
    void aLosingTraceSavedByTheForkIsTheCounterexample() throws IOException {
        Files.createDirectories(tmp.resolve("traces"));
        Counterexample saved = new Counterexample(List.of("vcpu0", "harvester"),
                List.of(Event.parse("vcpu0:guest-write(p1)"), Event.parse("harvester:snapshot-clear(w0)")),
                List.of("", ""), List.of(new LostWrite(1, 4, 1)));
        Files.writeString(tmp.resolve("traces/trace-1-1.json"), Json.write(Map.of("counterexample", saved.toMap())));
        BackendResult v = verdict(fixture("failed.txt"), RACE, 1);
        assertEquals(Verdict.UNSAFE, v.verdict());
        List<String> t = v.counterexample().lines();
        assertEquals(3, t.size(), t.toString());
        assertEquals("vcpu0:guest-write(p1)", t.get(0));
        assertEquals("lost write: page p1 mem=4 dest=1", t.get(2));
        assertTrue(v.columns().contains("#  vcpu0"), v.columns());
    }

    /**
     * A real losing run of fast-mark-before-writable, as a forked JVM saved it: vcpu0 reported mark-dirty(p1)
     * after the harvester's sends (it was preempted between the step and its report). The replay finds the
     * order of effects: the mark before the snapshot-clear, make-writable after the write-protect.
     */
    @Test
    void aReportedTraceIsReorderedIntoOneThatReplays() throws IOException {
        Files.createDirectories(tmp.resolve("traces"));
        Files.writeString(tmp.resolve("traces/trace-1-1.json"), fixture("trace-fast-mark-before-writable.json"));
        Variant v = VariantHolder.stressed(dirtyproof.variant.VariantLoader.parse(
                "name: fast-mark-before-writable\nprotocol: get-log\nfault-path: fast\n"
                        + "fault-order: [mark-dirty, make-writable]\n", "inline", null), VariantHolder.DEFAULT_BURST);
        BackendResult r = JcstressBackend.verdict(JcstressReport.parse(fixture("failed.txt"), RACE), 1, "short",
                tmp.resolve("traces"), tmp.resolve("jcstress.out"), System.nanoTime(), v);
        assertEquals(Verdict.UNSAFE, r.verdict());
        List<String> t = r.counterexample().lines();
        assertEquals("lost write: page p1 mem=4 dest=0", t.get(t.size() - 1), t.toString());
        assertTrue(t.indexOf("vcpu0:mark-dirty(p1)") < t.indexOf("harvester:snapshot-clear(w0)"), t.toString());
        assertTrue(t.indexOf("harvester:write-protect(w0)") < t.indexOf("vcpu0:make-writable(p1)"), t.toString());
        assertTrue(r.columns().contains("W[p1]=1"), r.columns());
    }

    @Test
    void aPassedRunIsSafeWithItsSampleCount() throws IOException {
        String name = "dirtyproof.jcstress.bitmap.BitmapWord_02_AtomicSetBit";
        JcstressReport r = JcstressReport.parse(fixture("passed.txt"), name);
        assertEquals(JcstressReport.Category.PASSED, r.category());
        assertEquals(112, r.samples());
        assertEquals(0, r.forbidden());
        BackendResult v = verdict(fixture("passed.txt"), name, 0);
        assertEquals(Verdict.SAFE, v.verdict(), v.reason());
        assertEquals(112L, v.explored().get("samples").longValue());
    }

    @Test
    void aPassedRunOfAnotherTestIsNotOurs() throws IOException {
        BackendResult v = verdict(fixture("passed.txt"), RACE, 0);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict());
    }

    @Test
    void noMatchingTestsExitsZeroAndIsInconclusive() throws IOException {
        JcstressReport r = JcstressReport.parse(fixture("no-matching.txt"), RACE);
        assertTrue(r.noMatchingTests());
        assertFalse(r.completed());
        BackendResult v = verdict(fixture("no-matching.txt"), RACE, 0);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict());
        assertTrue(v.reason().contains("No matching tests"), v.reason());
    }

    @Test
    void tooFewCpusForTheActorsIsInconclusive() throws IOException {
        BackendResult v = verdict(fixture("no-scheduling.txt"), RACE, 0);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict());
        assertTrue(v.reason().contains("could not schedule"), v.reason());
    }

    @Test
    void anErroredTestIsInconclusiveWithItsMessage() throws IOException {
        JcstressReport r = JcstressReport.parse(fixture("error.txt"), RACE);
        assertEquals(JcstressReport.Category.ERROR, r.category());
        BackendResult v = verdict(fixture("error.txt"), RACE, 1);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict());
        assertTrue(v.reason().contains("no variant"), v.reason());
    }

    @Test
    void aCrashBeforeTheResultsIsInconclusive() throws IOException {
        String truncated = fixture("failed.txt").replace("RUN RESULTS:", "");
        BackendResult v = verdict(truncated, RACE, 137);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict());
        assertTrue(v.reason().contains("did not complete"), v.reason());
    }

    @Test
    void aPassedTableWithAFailingExitCodeIsInconclusive() throws IOException {
        String name = "dirtyproof.jcstress.bitmap.BitmapWord_02_AtomicSetBit";
        assertEquals(Verdict.INCONCLUSIVE, verdict(fixture("passed.txt"), name, 1).verdict());
    }

    @Test
    void zeroSamplesIsInconclusive() throws IOException {
        String name = "dirtyproof.jcstress.bitmap.BitmapWord_02_AtomicSetBit";
        String empty = fixture("passed.txt").replace("      112  100.00%", "        0    0.00%");
        assertEquals(Verdict.INCONCLUSIVE, verdict(empty, name, 0).verdict());
    }
}
