package dirtyproof.getlog;

import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared machine's lock modes, the mixed fault path, flush-when and the aging actor (DESIGN.md §2 rules 2
 * and 6), one rule per test, on the Java model.
 */
class TdpMmuSemanticsTest {

    static final String TDP = "fault-path: mixed\nfault-lock: shared\nmmu-lock-kind: rwlock\n";

    private static GetLog kvm(String yamlExtra) {
        Variant v = VariantLoader.parse("name: t\nprotocol: get-log\n" + yamlExtra, "test", null);
        return new GetLog(v);
    }

    private static void take(GetLog k, String... events) {
        for (String s : events) {
            assertTrue(k.take(Event.parse(s)), () -> s + " should be enabled; state:\n" + k);
        }
    }

    @Test
    void theMixedPathOffersBothPathsAtTheStartOfAFault() {
        GetLog k = kvm(TDP);
        take(k, "vcpu0:guest-write(p0)");
        assertEquals(List.of(Event.parse("vcpu0:make-writable(p0)"), Event.parse("vcpu0:tdp-mmu-map(p0)")),
                k.vcpu(0).enabled(), "the fast path's first step or the slow path's walk");
    }

    @Test
    void theSlowPathMarksFirstUnderTheReadLockThenInstalls() {
        GetLog k = kvm(TDP);
        Machine m = k.machine();
        take(k, "vcpu0:guest-write(p0)", "vcpu0:tdp-mmu-map(p0)");
        assertEquals(List.of(0), m.mmuReaders(), "vcpu0 holds mmu_lock for read");
        assertEquals("read-only", k.vcpu(0).slowSpte());
        assertEquals(List.of(Event.parse("vcpu0:mark-dirty(p0)")), k.vcpu(0).enabled(), "make_spte marks first");
        take(k, "vcpu1:guest-write(p0)", "vcpu1:tdp-mmu-map(p0)");
        assertEquals(List.of(0, 1), m.mmuReaders(), "slow faults run beside each other");
        take(k, "vcpu0:mark-dirty(p0)");
        assertEquals(1L, k.bitmap().get(0));
        assertEquals(0, m.spteW.get(0), "marked, not yet writable");
        assertTrue(k.harvester().enabled().isEmpty(), "the harvest's write lock waits for the readers");
        take(k, "vcpu0:make-writable(p0)");
        assertEquals(1, m.spteW.get(0), "tdp_mmu_set_spte_atomic: the cmpxchg 0 -> 1 won");
        assertEquals(List.of(1), m.mmuReaders(), "vcpu0 dropped its read lock");
        take(k, "vcpu1:mark-dirty(p0)", "vcpu1:make-writable(p0)");
        assertEquals(Machine.FREE, m.mmuLock.get());
        assertEquals("none", k.vcpu(1).slowSpte());
        take(k, "vcpu0:guest-write(p0)", "vcpu1:guest-write(p0)");
        assertEquals(2, m.mem.get(0), "both retried stores landed");
    }

    @Test
    void aSlowPathThatWalkedAWritableSpteWritesNothing() {
        GetLog k = kvm(TDP + "harvest-lock: shared\n");
        Machine m = k.machine();
        take(k, "vcpu0:guest-write(p0)", "vcpu1:guest-write(p0)", "vcpu1:make-writable(p0)", "vcpu1:mark-dirty(p0)");
        take(k, "vcpu0:tdp-mmu-map(p0)");
        assertEquals("writable", k.vcpu(0).slowSpte());
        take(k, "vcpu0:mark-dirty(p0)", "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)");
        assertEquals(0, m.spteW.get(0), "the shared harvest protected p0 beside the slow fault");
        take(k, "vcpu0:make-writable(p0)");
        assertEquals(0, m.spteW.get(0), "RET_PF_SPURIOUS: make_spte built the SPTE the walk saw; nothing stored");
    }

    @Test
    void anExclusiveHarvestExcludesTheSlowPathButNotTheFastPath() {
        GetLog k = kvm(TDP);
        take(k, "harvester:snapshot-clear(w0)");
        assertEquals(Machine.HARVESTER, k.machine().mmuLock.get(), "harvest-lock: exclusive");
        take(k, "vcpu0:guest-write(p0)");
        assertEquals(List.of(Event.parse("vcpu0:make-writable(p0)")), k.vcpu(0).enabled(),
                "only the lockless fast path while the harvester holds the write lock");
    }

    @Test
    void withoutAFaultLockTheSlowPathWaitsForNothing() {
        GetLog k = kvm("fault-path: mixed\nfault-lock: none\n");
        take(k, "harvester:snapshot-clear(w0)", "vcpu0:guest-write(p0)", "vcpu0:tdp-mmu-map(p0)");
        assertEquals(Machine.HARVESTER, k.machine().mmuLock.get(), "the slow path took no lock");
    }

    @Test
    void agingClearsWWithoutFlushOrMarkAndTheFastPathRestoresIt() {
        GetLog k = kvm("aging: true\n");
        Machine m = k.machine();
        take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)");
        assertEquals(List.of(Event.parse("aging:access-track(p0)")), k.aging().enabled(), "only a young SPTE is aged");
        take(k, "aging:access-track(p0)");
        assertEquals(0, m.spteW.get(0));
        assertTrue(m.tlbHas(0, 0), "no flush: the writable TLB entry outlives W");
        assertTrue(k.aging().enabled().isEmpty());
        take(k, "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
                "harvester:copy-to-user", "harvester:send(p0)");
        take(k, "vcpu1:guest-write(p0)", "vcpu1:make-writable(p0)");
        assertEquals(1, m.spteW.get(0), "the fast path restores W (MW stayed set)");
        take(k, "vcpu1:mark-dirty(p0)");
        assertEquals(1L, k.bitmap().get(0), "and marks the page");
    }

    @Test
    void flushWhenSpteChangedSkipsTheFlushOfAnAgedPage() {
        for (String when : List.of("spte-changed", "bits-consumed", "always")) {
            GetLog k = kvm("aging: true\nflush-when: " + when + "\n");
            take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
                    "aging:access-track(p0)", "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)");
            take(k, "harvester:flush-tlb");
            assertEquals(!when.equals("spte-changed"), !k.machine().tlbHas(0, 0), when
                    + ": the write-protect changed no SPTE, but the harvest took p0's bit");
        }
    }

    @Test
    void flushWhenBitsConsumedSkipsTheFlushOfAnEmptyHarvest() {
        GetLog k = kvm("flush-when: bits-consumed\n");
        take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu1:tlb-fill(p0)",
                "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb");
        assertTrue(k.machine().tlbHas(1, 0), "nothing taken, nothing flushed: p0's mark is still to come");
    }
}
