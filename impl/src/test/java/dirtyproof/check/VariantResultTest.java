package dirtyproof.check;

import dirtyproof.backend.BackendResult;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The combination of docs/verdicts.md, case by case, and the exit codes. */
class VariantResultTest {

    static final Variant NO_FLUSH = VariantLoader.parse("name: no-flush\nprotocol: get-log\n"
            + "harvest: [snapshot-clear, write-protect, copy-to-user]\n"
            + "bounds: {pages: 1, pages-per-word: 1, vcpus: 1, writes: 2, rounds: 1}\nexpect: lost-write\n", "test", null);
    static final Variant TODAY = VariantLoader.parse("name: kernel-today\nprotocol: get-log\nexpect: safe\n", "test", null);

    /** A real lost write of no-flush: the write through the stale TLB entry after the send. */
    static Counterexample lost() {
        Run run = ScheduleDriver.run(NO_FLUSH.family().start(NO_FLUSH), ScheduleDriver.parse(List.of(
                "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
                "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:copy-to-user",
                "harvester:send(p0)", "vcpu0:guest-write(p0)")), ScheduleDriver.Mode.STRICT);
        assertTrue(run.lostWrite(), run.render());
        return run.counterexample();
    }

    static BackendResult tlcSafe() {
        return BackendResult.safe("tlc", true, Map.of("states", 100), 1, "exhausted");
    }

    static BackendResult tlcLost(boolean replayed) {
        return BackendResult.unsafe("tlc", true, Map.of("states", 10), 1, lost(), replayed, "TLC");
    }

    static BackendResult sampledSafe(String b) {
        return BackendResult.safe(b, false, Map.of("samples", 812345), 1, "none");
    }

    static BackendResult sampledLost(String b) {
        return BackendResult.unsafe(b, false, Map.of("samples", 9), 1, lost(), true, "found");
    }

    static BackendResult inconclusive(String b) {
        return BackendResult.inconclusive(b, 1, "tool crashed");
    }

    static VariantResult of(Variant v, BackendResult... rs) {
        Map<String, BackendResult> m = new LinkedHashMap<>();
        for (BackendResult r : rs) {
            m.put(r.backend(), r);
        }
        return new VariantResult(v, m);
    }

    @Test
    void aReplayedCounterexampleIsALostWriteAndASamplerThatMissedItAWarning() {
        VariantResult r = of(NO_FLUSH, tlcLost(true), sampledLost("lincheck"), sampledSafe("jcstress"));
        assertEquals(VariantVerdict.LOST_WRITE, r.verdict());
        assertFalse(r.disagreement());
        assertFalse(r.mismatch());
        assertEquals("missed", r.standing("jcstress"));
        assertEquals("lost-write", r.standing("tlc"));
        assertTrue(r.warnings().get(0).contains("jcstress missed the lost write: 812345 samples"), r.warnings().toString());
        assertEquals(0, VariantResult.exitCode(List.of(r)));
    }

    @Test
    void safeOnlyOnAnExhaustiveSafe() {
        VariantResult r = of(TODAY, tlcSafe(), sampledSafe("lincheck"), sampledSafe("jcstress"));
        assertEquals(VariantVerdict.SAFE, r.verdict());
        assertEquals("safe", r.standing("tlc"));
        assertEquals("none-found", r.standing("jcstress"));
        assertEquals(0, VariantResult.exitCode(List.of(r)));
    }

    @Test
    void samplersAloneNeverSaySafe() {
        VariantResult r = of(TODAY, sampledSafe("lincheck"), sampledSafe("jcstress"));
        assertEquals(VariantVerdict.NO_LOST_WRITE_FOUND, r.verdict());
        assertFalse(r.mismatch(), "consistent with expect: safe");
        assertEquals(0, VariantResult.exitCode(List.of(r)));
        // where a lost write is expected, finding none differs
        VariantResult miss = of(NO_FLUSH, sampledSafe("jcstress"));
        assertEquals(VariantVerdict.NO_LOST_WRITE_FOUND, miss.verdict());
        assertTrue(miss.mismatch());
        assertEquals(1, VariantResult.exitCode(List.of(miss)));
    }

    @Test
    void anExhaustiveSafeAgainstAReplayedLostWriteIsADisagreement() {
        VariantResult r = of(NO_FLUSH, tlcSafe(), sampledLost("lincheck"));
        assertEquals(VariantVerdict.DISAGREEMENT, r.verdict());
        assertEquals(4, VariantResult.exitCode(List.of(r)));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("the spec and the implementation differ")), r.warnings().toString());
    }

    @Test
    void aCounterexampleThatDoesNotReplayIsADisagreement() {
        VariantResult r = of(NO_FLUSH, tlcLost(false), sampledLost("lincheck"));
        assertEquals(VariantVerdict.DISAGREEMENT, r.verdict());
        assertEquals("not-replayed", r.standing("tlc"));
        assertEquals(4, VariantResult.exitCode(List.of(r)));
    }

    @Test
    void inconclusiveOtherwise() {
        assertEquals(VariantVerdict.INCONCLUSIVE, of(TODAY).verdict());
        assertEquals(VariantVerdict.INCONCLUSIVE, of(TODAY, inconclusive("tlc")).verdict());
        // a proof was asked for and did not come: not "no-lost-write-found"
        assertEquals(VariantVerdict.INCONCLUSIVE, of(TODAY, inconclusive("tlc"), sampledSafe("jcstress")).verdict());
        assertEquals(3, VariantResult.exitCode(List.of(of(TODAY, inconclusive("tlc")))));
    }

    @Test
    void aSettledVerdictWithABackEndThatDidNotFinishStillExitsThree() {
        VariantResult r = of(NO_FLUSH, tlcLost(true), inconclusive("jcstress"));
        assertEquals(VariantVerdict.LOST_WRITE, r.verdict());
        assertTrue(r.inconclusive());
        assertEquals(3, VariantResult.exitCode(List.of(r)));
    }

    @Test
    void aLostWriteWhereSafeIsExpectedExitsOneAndDisagreementWinsOverIt() {
        VariantResult differs = of(TODAY.withName("x"), sampledLost("lincheck"));
        assertEquals(VariantVerdict.LOST_WRITE, differs.verdict());
        assertTrue(differs.mismatch());
        assertEquals(1, VariantResult.exitCode(List.of(differs)));
        assertEquals(4, VariantResult.exitCode(List.of(differs, of(NO_FLUSH, tlcSafe(), sampledLost("lincheck")))));
    }

    @Test
    void theJunitCaseOfOneBackEnd() {
        VariantResult r = of(NO_FLUSH, tlcLost(true), sampledSafe("jcstress"));
        assertFalse(r.mismatch(r.results().get("tlc")));
        assertFalse(r.mismatch(r.results().get("jcstress")), "a miss is a warning");
        assertTrue(r.missed(r.results().get("jcstress")));
        VariantResult s = of(NO_FLUSH, tlcSafe());
        assertTrue(s.mismatch(s.results().get("tlc")), "an exhaustive SAFE where a lost write is expected");
    }

    @Test
    void theCheckerReplaysEveryCounterexampleItself() {
        BackendResult good = tlcLost(true);
        assertTrue(Checker.confirm(NO_FLUSH, good).replayed());
        // the same steps on a variant that flushes: the checker's replay does not lose the write
        Variant flushing = NO_FLUSH.withConfig(TODAY.config());
        BackendResult r = Checker.confirm(flushing, good);
        assertFalse(r.replayed());
        assertTrue(r.reason().contains("the checker's replay"), r.reason());
        assertEquals(VariantVerdict.DISAGREEMENT, of(flushing, r).verdict());
    }

    @Test
    void aReplayMayNeedMoreWritesThanTheBound() {
        // jcstress runs its bursts with a raised writes bound: the replay raises it to fit
        Variant one = NO_FLUSH.withBounds(NO_FLUSH.bounds().withWrites(1));
        assertNull(Replays.problem(one, lost()));
        Counterexample nothing = new Counterexample(List.of("vcpu0"), List.of(Event.parse("vcpu0:guest-write(p0)")),
                List.of(""), List.of(new LostWrite(0, 1, 0)));
        assertTrue(Replays.problem(NO_FLUSH, nothing) != null);
    }
}
