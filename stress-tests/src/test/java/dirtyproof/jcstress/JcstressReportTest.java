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

    /**
     * A batch of three (captured from a real run: no-flush in slot 0, a garbled variant file in slot 1, kernel-today
     * in slot 2; jcstress exited 1): each slot reads its own test's report, and exit 1 is explained only for the
     * slot that passed while another failed or errored.
     */
    @Test
    void aBatchIsReadSlotBySlotAndOnlyAnotherSlotsFailureExplainsExitOne() throws IOException {
        String out = fixture("batch.txt");
        List<String> classes = JcstressBackend.SLOT_CLASSES.subList(0, 3);
        List<JcstressReport> r = new java.util.ArrayList<>();
        for (String c : classes) {
            r.add(JcstressReport.parse(out, c));
        }
        assertEquals(JcstressReport.Category.FAILED, r.get(0).category());
        assertEquals(JcstressReport.Category.ERROR, r.get(1).category());
        assertEquals(JcstressReport.Category.PASSED, r.get(2).category());
        assertTrue(r.get(2).samples() > 0);
        assertEquals(0, r.get(2).forbidden());
        assertFalse(JcstressBackend.exitExplained(1, r.get(0), r), "a failed slot explains only others' exit");
        assertFalse(JcstressBackend.exitExplained(1, r.get(1), r));
        assertTrue(JcstressBackend.exitExplained(1, r.get(2), r));
        assertTrue(JcstressBackend.exitExplained(0, r.get(2), r));
        assertFalse(JcstressBackend.exitExplained(137, r.get(2), r), "a killed or crashed harness explains nothing");
        assertFalse(JcstressBackend.exitExplained(1, r.get(2), List.of(r.get(2))), "exit 1 with nothing failed");

        Path traces = tmp.resolve("traces");
        Path o = tmp.resolve("jcstress.out");
        BackendResult lossy = JcstressBackend.verdict(r.get(0), 1, false, classes.get(0), "short", traces, o, 1, null, null);
        assertEquals(Verdict.UNSAFE, lossy.verdict(), lossy.reason());
        BackendResult broken = JcstressBackend.verdict(r.get(1), 1, false, classes.get(1), "short", traces, o, 1, null,
                null);
        assertEquals(Verdict.INCONCLUSIVE, broken.verdict());
        assertTrue(broken.reason().contains("errored") && broken.reason().contains("not valid YAML"), broken.reason());
        BackendResult safe = JcstressBackend.verdict(r.get(2), 1, true, classes.get(2), "short", traces, o, 1, null, null);
        assertEquals(Verdict.SAFE, safe.verdict(), safe.reason());
        BackendResult unexplained = JcstressBackend.verdict(r.get(2), 1, false, classes.get(2), "short", traces, o, 1,
                null, null);
        assertEquals(Verdict.INCONCLUSIVE, unexplained.verdict());
        assertTrue(unexplained.reason().contains("exited with 1"), unexplained.reason());
        // a slot the run did not hold has no report
        String absent = JcstressBackend.SLOT_CLASSES.get(3);
        BackendResult missing = JcstressBackend.verdict(JcstressReport.parse(out, absent), 1, true, absent, "short",
                traces, o, 1, null, null);
        assertEquals(Verdict.INCONCLUSIVE, missing.verdict());
        assertTrue(missing.reason().contains("reported no result for " + absent), missing.reason());
    }

    @Test
    void aBatchSelectorMatchesExactlyTheSlotsInUse() {
        assertEquals("^dirtyproof\\.jcstress\\.ProtocolRace$", JcstressBackend.selector(1));
        for (int n = 1; n <= JcstressBackend.MAX_BATCH; n++) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(JcstressBackend.selector(n));
            for (int k = 0; k < JcstressBackend.SLOT_CLASSES.size(); k++) {
                // jcstress finds the selector anywhere in a test's name
                assertEquals(k < n, p.matcher(JcstressBackend.SLOT_CLASSES.get(k)).find(), n + " slots, slot " + k);
            }
            assertFalse(p.matcher("dirtyproof.jcstress.bitmap.BitmapWord_01_NonAtomicSetBit").find());
        }
        // the hand-run selector of ProtocolRace's header picks ProtocolRace alone, not the slots
        for (String c : JcstressBackend.SLOT_CLASSES.subList(1, JcstressBackend.MAX_BATCH)) {
            assertFalse(java.util.regex.Pattern.compile("ProtocolRace").matcher(c).find(), c);
        }
    }

    /** Issue 12: sanity's hundred samples can never make a variant safe; no jcstress answer can. */
    @Test
    void sanityNeverYieldsMoreThanNoLostWriteFound() throws IOException {
        // the fixture is a sanity run of a bitmap test: 112 samples, none forbidden
        BackendResult v = JcstressBackend.verdict(JcstressReport.parse(fixture("passed.txt"),
                "dirtyproof.jcstress.bitmap.BitmapWord_02_AtomicSetBit"), 0, "sanity",
                tmp.resolve("traces"), tmp.resolve("jcstress.out"), System.nanoTime(), null);
        assertEquals(Verdict.SAFE, v.verdict(), v.reason());
        assertFalse(v.exhaustive());
        assertTrue(v.reason().contains("a smoke test"), v.reason());
        dirtyproof.variant.Variant today = dirtyproof.variant.VariantLoader.parse(
                "name: kernel-today\nprotocol: get-log\nexpect: safe\n", "test", null);
        assertEquals(dirtyproof.check.VariantVerdict.NO_LOST_WRITE_FOUND,
                new dirtyproof.check.VariantResult(today, java.util.Map.of("jcstress", v)).verdict());
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
