package dirtyproof.getlog;

import dirtyproof.Catalog;
import dirtyproof.bitmaps.HarvestProgram;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the hardware semantics of DESIGN.md §2 in the Java model, one rule per test. */
class HardwareSemanticsTest {

    private static Variant variant(String yamlExtra) {
        return VariantLoader.parse("name: t\nprotocol: get-log\n" + yamlExtra, "test", null);
    }

    private static GetLog kvm(String yamlExtra) {
        return new GetLog(variant(yamlExtra));
    }

    private static void take(GetLog k, String... events) {
        for (String s : events) {
            assertTrue(k.take(Event.parse(s)), () -> s + " should be enabled; state:\n" + k);
        }
    }

    /** vCPU0 dirties p0 through a fault and caches it writable (the state every harvest race starts from). */
    private static void dirtyP0(GetLog k) {
        take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)");
    }

    /**
     * A vCPU0 guest store in flight through its old TLB entry: a thread holding vCPU0's tlbLock (the IPI not
     * yet taken) until {@code release}, then running {@code store}. Returns once the thread is in the guest.
     */
    private static Thread inFlightStore(Machine m, CountDownLatch release, Runnable store) throws InterruptedException {
        CountDownLatch inGuest = new CountDownLatch(1);
        Thread vcpu = new Thread(() -> {
            synchronized (m.tlbLock(0)) {
                inGuest.countDown();
                await(release);
                store.run();
            }
        });
        vcpu.start();
        inGuest.await();
        return vcpu;
    }

    private static long bitmap(GetLog k) {
        return k.bitmap().get(0);
    }

    @Test
    void initialStateIsDirtyLoggingJustEnabled() {
        Machine m = kvm("").machine();
        for (int p = 0; p < m.bounds.pages(); p++) {
            assertEquals(m.mem.get(p), m.dest.get(p), "dest = mem");
            assertEquals(0, m.spteW.get(p), "W clear");
            assertEquals(1, m.spteMW.get(p), "MW set");
        }
        assertEquals(0, bitmap(kvm("")));
        assertFalse(m.tlbSnapshot(0)[0]);
    }

    @Test
    void tlbHitWritesWithoutFaultAndLogsNothing() {
        GetLog k = kvm("");
        dirtyP0(k);
        Machine m = k.machine();
        k.bitmap().set(0, 0);     // as after a harvest's snapshot
        m.spteW.set(0, 0);           // and write-protect, but no flush: tlb[0] still caches p0
        take(k, "vcpu0:guest-write(p0)");
        assertEquals(2, m.mem.get(0), "the TLB hit wrote");
        assertFalse(k.vcpu(0).inFault(), "no fault");
        assertEquals(0, bitmap(k), "nothing logged");
    }

    @Test
    void walkFillsTheTlbOnlyWhenWritable() {
        GetLog k = kvm("");
        Machine m = k.machine();
        take(k, "vcpu0:guest-write(p1)");
        assertTrue(k.vcpu(0).inFault(), "W clear: the walk faults");
        assertFalse(m.tlbSnapshot(0)[1], "a faulting walk caches nothing");
        assertEquals(0, m.mem.get(1), "and writes nothing");
        assertFalse(k.take(Event.parse("vcpu1:tlb-fill(p1)")), "no speculative fill of a non-writable page");
        take(k, "vcpu0:make-writable(p1)", "vcpu0:mark-dirty(p1)");
        take(k, "vcpu1:tlb-fill(p1)");
        assertTrue(m.tlbSnapshot(1)[1], "a speculative walk caches a writable page");
        assertEquals(0, m.mem.get(1), "without writing");
        take(k, "vcpu0:guest-write(p1)");
        assertTrue(m.tlbSnapshot(0)[1], "the retried write's walk cached p1");
        assertEquals(1, m.mem.get(1));
    }

    @Test
    void fastFaultPathMakesWritableThenMarksWithoutTheLock() {
        GetLog k = kvm("fault-path: fast\n");
        Machine m = k.machine();
        m.mmuLock.set(Machine.HARVESTER);   // the fast path never looks at mmu_lock
        take(k, "vcpu0:guest-write(p0)");
        assertEquals(List.of(Event.parse("vcpu0:make-writable(p0)")), k.vcpu(0).enabled());
        take(k, "vcpu0:make-writable(p0)");
        assertEquals(1, m.spteW.get(0));
        assertEquals(0, bitmap(k), "not yet marked");
        take(k, "vcpu0:mark-dirty(p0)");
        assertEquals(1, bitmap(k));
        assertFalse(k.vcpu(0).inFault());
    }

    @Test
    void fastFaultPathIsSpuriousWhenItsCmpxchgLoses() {
        GetLog k = kvm("");
        take(k, "vcpu0:guest-write(p0)", "vcpu1:guest-write(p0)", "vcpu1:make-writable(p0)");
        take(k, "vcpu0:make-writable(p0)");   // cmpxchg finds W set: spurious, no mark_page_dirty
        assertFalse(k.vcpu(0).inFault(), "the losing fault ends at its cmpxchg");
        assertEquals(0, bitmap(k), "and does not mark: the winner will");
        take(k, "vcpu1:mark-dirty(p0)");
        assertEquals(1, bitmap(k));
    }

    @Test
    void faultOrderMarkFirst() {
        GetLog k = kvm("fault-order: [mark-dirty, make-writable]\n");
        take(k, "vcpu0:guest-write(p0)");
        assertFalse(k.take(Event.parse("vcpu0:make-writable(p0)")), "fault-order puts mark-dirty first");
        take(k, "vcpu0:mark-dirty(p0)");
        assertEquals(1, bitmap(k));
        assertEquals(0, k.machine().spteW.get(0));
        take(k, "vcpu0:make-writable(p0)");
        assertEquals(1, k.machine().spteW.get(0));
    }

    @Test
    void lockedFaultPathHoldsMmuLockAcrossBothSteps() {
        GetLog k = kvm("fault-path: locked\nfault-order: [mark-dirty, make-writable]\n");
        Machine m = k.machine();
        m.mmuLock.set(Machine.HARVESTER);
        take(k, "vcpu0:guest-write(p0)");
        assertTrue(k.vcpu(0).enabled().isEmpty(), "blocked while the harvester holds mmu_lock");
        assertFalse(k.take(Event.parse("vcpu0:mark-dirty(p0)")));
        m.mmuLock.set(Machine.FREE);
        take(k, "vcpu0:mark-dirty(p0)");
        assertEquals(0, m.mmuLock.get(), "the first step took mmu_lock");
        assertTrue(k.harvester().enabled().isEmpty(), "the harvester's locked step waits for it");
        take(k, "vcpu0:make-writable(p0)");
        assertEquals(Machine.FREE, m.mmuLock.get(), "the last step dropped it");
        assertEquals(List.of(Event.parse("harvester:snapshot-clear(w0)")), k.harvester().enabled());
    }

    @Test
    void nonAtomicSetBitIsALoadAndAStore() {
        GetLog k = kvm("set-op: non-atomic\nhost-writes: true\n");
        take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
                "host:host-write(p1)", "host:mark-dirty.load(p1)",
                "vcpu0:mark-dirty.store(p0)", "host:mark-dirty.store(p1)");
        assertEquals(0b10, bitmap(k), "the host's store overwrote vCPU0's bit");
    }

    @Test
    void hostWriteMarksWithoutTouchingSptesOrTlbs() {
        GetLog k = kvm("host-writes: true\n");
        Machine m = k.machine();
        take(k, "host:host-write(p1)");
        assertEquals(1, m.mem.get(1));
        assertEquals(0, bitmap(k), "written, not yet marked");
        take(k, "host:mark-dirty(p1)");
        assertEquals(0b10, bitmap(k));
        assertEquals(0, m.spteW.get(1));
        assertFalse(m.tlbSnapshot(0)[1]);
    }

    @Test
    void syncFlushWaitsForAnInFlightGuestWrite() throws Exception {
        GetLog k = kvm("flush: sync\n");
        dirtyP0(k);
        take(k, "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)");
        Machine m = k.machine();
        CountDownLatch release = new CountDownLatch(1);
        Thread vcpu = inFlightStore(m, release, () -> m.mem.incrementAndGet(0));
        Thread flusher = new Thread(() -> k.take(Event.parse("harvester:flush-tlb")));
        flusher.start();
        waitUntilBlocked(flusher);
        assertTrue(flusher.isAlive(), "kvm_flush_remote_tlbs waits for the in-flight write");
        release.countDown();
        flusher.join(5000);
        assertFalse(flusher.isAlive(), "and returns once it completed");
        assertEquals(2, m.mem.get(0), "the in-flight write completed before the flush returned");
        assertFalse(m.tlbSnapshot(0)[0], "no vCPU holds a stale entry after the flush");
        vcpu.join();
    }

    @Test
    void asyncFlushDoesNotWait() throws Exception {
        GetLog k = kvm("flush: async\n");
        dirtyP0(k);
        take(k, "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)");
        Machine m = k.machine();
        CountDownLatch release = new CountDownLatch(1);
        Thread vcpu = inFlightStore(m, release, () -> { });
        Thread flusher = new Thread(() -> k.take(Event.parse("harvester:flush-tlb")));
        flusher.start();
        flusher.join(5000);
        assertFalse(flusher.isAlive(), "the async flush returns while the vCPU is still in the guest");
        release.countDown();
        vcpu.join();
        assertTrue(m.tlbSnapshot(0)[0], "the stale entry survives the flush's return");
        take(k, "vcpu0:guest-write(p0)");
        assertEquals(2, m.mem.get(0), "and a write goes through it, unlogged");
        assertEquals(0, bitmap(k));
        take(k, "vcpu0:apply-flush");
        assertFalse(m.tlbSnapshot(0)[0], "until the vCPU serves the request at its next exit");
    }

    @Test
    void writeProtectBeforeSnapshotProtectsTheLiveBitmap() {
        GetLog k = kvm("harvest: [write-protect, flush-tlb, snapshot-clear, copy-to-user]\n");
        take(k, "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
                "vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)");
        take(k, "harvester:write-protect(w0)");
        assertEquals(0, k.machine().spteW.get(0), "p0 is in the live bitmap: protected");
        assertEquals(1, k.machine().spteW.get(1), "p1 not yet marked: left writable");
    }

    @Test
    void mmuLockScopeFollowsHarvestNeighbours() {
        Variant v = variant("harvest: [snapshot-clear, flush-tlb, write-protect, copy-to-user]\n");
        List<HarvestProgram.Micro> prog = Harvester.program(v);
        // default mmu-lock {snapshot-clear, write-protect} is split by the flush: two critical sections
        assertEquals(List.of(true, false, true, false), prog.stream().map(HarvestProgram.Micro::acquire).toList());
        assertEquals(List.of(true, false, true, false), prog.stream().map(HarvestProgram.Micro::release).toList());
        List<HarvestProgram.Micro> today = Harvester.program(Catalog.get("kernel-today"));
        assertEquals(List.of(true, false, false, false), today.stream().map(HarvestProgram.Micro::acquire).toList());
        assertEquals(List.of(false, true, false, false), today.stream().map(HarvestProgram.Micro::release).toList());
    }

    @Test
    void pauseWaitsForAFaultInProgressAndServesPendingFlushes() {
        GetLog k = kvm("flush: async\nbounds: {rounds: 0}\n");
        take(k, "vcpu0:guest-write(p0)");
        assertTrue(k.harvester().enabled().isEmpty(), "pause-vcpus waits for the fault in progress");
        take(k, "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)");
        take(k, "harvester:pause-vcpus");
        assertFalse(k.take(Event.parse("vcpu0:guest-write(p0)")), "no guest write after the pause");
        assertFalse(k.take(Event.parse("vcpu1:tlb-fill(p0)")), "no speculative walk either");
    }

    @Test
    void eventSyntaxRoundTrips() {
        for (String s : List.of("vcpu0:guest-write(p1)", "harvester:snapshot-clear.load(w0)", "harvester:flush-tlb",
                "host:mark-dirty.store(p0)", "vcpu1:apply-flush", "harvester:pause-vcpus")) {
            assertEquals(s, Event.parse(s).toString());
        }
        for (Step s : Step.values()) {
            assertEquals(s, Step.byId(s.id()).orElseThrow());
        }
        assertEquals(FaultPath.FAST, variant("").machine().faultPath());
        assertEquals(List.of(FaultStep.MAKE_WRITABLE, FaultStep.MARK_DIRTY), variant("").machine().faultOrder());
        assertEquals(FlushMode.SYNC, variant("").machine().flush());
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntilBlocked(Thread t) throws InterruptedException {
        for (int i = 0; i < 500 && t.getState() != Thread.State.BLOCKED; i++) {
            Thread.sleep(2);
        }
        assertEquals(Thread.State.BLOCKED, t.getState(), "the flusher blocks on vCPU0's IPI");
    }
}
