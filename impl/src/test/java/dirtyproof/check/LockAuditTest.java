package dirtyproof.check;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.MmuLockKind;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock audit's decisions, with a stand-in for TLC whose answers the test sets (the real TLC runs are in
 * cli's LockAuditCliTest): which variants are "latency only" candidates, what their baseline is, which lock
 * sections a variant has, and how answers become lines.
 */
class LockAuditTest {

    static Variant v(String yaml) {
        return VariantLoader.parse("name: v\nprotocol: get-log\n" + yaml, "test", null);
    }

    /** A "tlc" back-end answering with answer(variant), recording what it was asked. */
    static final class Stand implements Backend {
        final List<Variant> asked = new ArrayList<>();
        final Function<Variant, BackendResult> answer;

        Stand(Function<Variant, BackendResult> answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "tlc";
        }

        @Override
        public BackendResult run(Variant variant, BackendOptions options) {
            asked.add(variant);
            return answer.apply(variant);
        }
    }

    static BackendResult safe(long states) {
        return BackendResult.safe("tlc", true, Map.of("states", states), 1.0, "done");
    }

    static BackendResult unsafe() {
        return BackendResult.unsafe("tlc", true, Map.of("states", 5L), 1.0, new Counterexample(List.of("vcpu0"),
                List.of(Event.parse("vcpu0:guest-write(p0)")), List.of(""), List.of(new LostWrite(0, 1, 0))), "lost");
    }

    static BackendOptions options() {
        return new BackendOptions(Path.of("."), Path.of("target"), Duration.ofSeconds(10), Map.of());
    }

    @Test
    void onlyAChangeOfMmuLockKindAloneHasABaseline() {
        Variant mutex = v("mmu-lock-kind: mutex\nbounds: {vcpus: 1}\n");
        Variant base = LockAudit.latencyBaseline(mutex).orElseThrow();
        assertEquals(MmuLockKind.SPINLOCK, base.machine().mmuLockKind());
        assertEquals(mutex.bounds(), base.bounds(), "the baseline keeps the variant's bounds");
        assertEquals(Set.of(), LockAudit.changedKeys(base));
        assertTrue(LockAudit.latencyBaseline(v("")).isEmpty(), "the defaults themselves");
        assertTrue(LockAudit.latencyBaseline(v("mmu-lock-kind: mutex\nflush: async\n")).isEmpty(), "two changes");
        assertTrue(LockAudit.latencyBaseline(v("fault-path: mixed\nfault-lock: shared\nmmu-lock-kind: rwlock\n"))
                .isEmpty(), "an rwlock that is used shared is no latency-only change");
    }

    @Test
    void sameStatesSayLatencyOnlyAndDifferentStatesSayItIsNot() {
        Variant mutex = v("mmu-lock-kind: mutex\n");
        for (long baseStates : new long[] {100, 99}) {
            Stand tlc = new Stand(x -> safe(x.machine().mmuLockKind() == MmuLockKind.SPINLOCK ? baseStates : 100));
            LockAudit a = new LockAudit(new Checker(Map.of("tlc", tlc)), options());
            VariantResult r = new VariantResult(mutex, Map.of("tlc", tlc.run(mutex, options())));
            List<String> lines = a.lines(r, false);
            assertEquals(1, lines.size(), lines.toString());
            assertEquals(2, tlc.asked.size(), "the variant, then its baseline: " + tlc.asked);
            assertEquals(MmuLockKind.SPINLOCK, tlc.asked.get(1).machine().mmuLockKind());
            if (baseStates == 100) {
                assertTrue(lines.get(0).startsWith("latency only: same exclusion"), lines.get(0));
                assertTrue(lines.get(0).contains("100 distinct states"), lines.get(0));
            } else {
                assertTrue(lines.get(0).startsWith("NOT latency only"), lines.get(0));
            }
        }
    }

    @Test
    void withoutTlcThereIsNoLatencyLineAndNoAudit() {
        Stand tlc = new Stand(x -> safe(1));
        LockAudit a = new LockAudit(new Checker(Map.of("tlc", tlc)), options());
        VariantResult r = new VariantResult(v("mmu-lock-kind: mutex\n"), Map.of());
        assertEquals(List.of(), a.lines(r, false));
        assertTrue(a.lines(r, true).get(0).contains("needs the tlc back-end"));
        assertTrue(tlc.asked.isEmpty());
        assertNotNull(LockAudit.problem(List.of("lincheck", "jcstress")));
        assertNull(LockAudit.problem(List.of("tlc")));
    }

    @Test
    void theSectionsAreEachMmuLockStepAndTheFaultPathsLock() {
        Variant tdp = v("fault-path: mixed\nfault-lock: shared\nmmu-lock-kind: rwlock\n");
        List<LockAudit.Section> s = LockAudit.sections(tdp);
        assertEquals(List.of("mmu-lock: snapshot-clear", "mmu-lock: write-protect", "fault path (slow path)"),
                s.stream().map(LockAudit.Section::name).collect(Collectors.toList()));
        assertEquals(List.of("write-protect"), s.get(0).without().keys().get("mmu-lock"));
        assertEquals(List.of("snapshot-clear"), s.get(1).without().keys().get("mmu-lock"));
        assertEquals(LockMode.NONE, s.get(2).without().machine().faultLock());
        assertEquals(List.of("mmu-lock: snapshot-clear", "mmu-lock: write-protect"),
                LockAudit.sections(v("")).stream().map(LockAudit.Section::name).collect(Collectors.toList()),
                "the fast path takes no lock: no section of its own");
        assertEquals(List.of(), LockAudit.sections(v("mmu-lock: []\n")));
    }

    @Test
    void theAuditListsEachSectionWithTlcsAnswerAndSkipsAnUnsafeVariant() {
        Variant tdp = v("fault-path: mixed\nfault-lock: shared\nmmu-lock-kind: rwlock\n");
        Stand tlc = new Stand(x -> x.machine().faultLock() == LockMode.NONE ? unsafe() : safe(7));
        LockAudit a = new LockAudit(new Checker(Map.of("tlc", tlc)), options());
        List<String> lines = a.lines(new VariantResult(tdp, Map.of("tlc", safe(9))), true);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("mmu-lock: snapshot-clear") && lines.get(1).contains("not needed"), lines.get(1));
        assertTrue(lines.get(3).contains("fault path (slow path)") && lines.get(3).contains("needed")
                && lines.get(3).contains("page p0 mem=1 dest=0"), lines.get(3));
        assertEquals(3, tlc.asked.size());
        List<String> skipped = a.lines(new VariantResult(tdp, Map.of("tlc", unsafe())), true);
        assertTrue(skipped.get(0).startsWith("lock audit: skipped"), skipped.toString());
        assertEquals(3, tlc.asked.size(), "an unsafe variant is not audited");
    }
}
