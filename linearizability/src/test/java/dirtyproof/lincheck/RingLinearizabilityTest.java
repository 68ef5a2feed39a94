package dirtyproof.lincheck;

import dirtyproof.ring.KvmDirtyRing;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Linearizability of the dirty ring ({@link KvmDirtyRing}) as a single-producer queue with userspace's collect and
 * the kernel's reset, against a sequential specification. The three parties are one thread each, as in KVM: the
 * vCPU pushes (one producer per ring), userspace collects from its fetch index (QEMU's reaper), the kernel resets
 * under slots_lock -- so each operation is in its own non-parallel group and any two of different groups race.
 *
 * <pre>
 *   push(p)       kvm_dirty_ring_push: fields, release store of DIRTY, dirty_index++ (false, nothing done, when
 *                 the ring is full: the kernel's WARN case, kept out of the queue's specification)
 *   collectOne()  the entry at fetch: acquire load, DIRTY? read the gfn, release RESET, fetch++; else -1
 *   resetOne()    the entry at reset_index: acquire load, RESET? read the gfn, invalidate (release 0),
 *                 reset_index++; else -1
 * </pre>
 *
 * The unit is one entry. A whole collect (every DIRTY entry up to the first that is not) and a whole
 * KVM_RESET_DIRTY_RINGS walk are loops of these, and as one operation each they are not linearizable -- a reset
 * can walk in while userspace is half way through its collect, and return part of it -- for the reason the
 * whole-slot harvest of BitmapLinearizabilityTest is not: what migration needs is that nothing is lost, which
 * the protocol tests check (NoLostWrite), not that a walk is a snapshot.
 */
class RingLinearizabilityTest {

    static final int SIZE = 4;

    public static class Ring {
        private final KvmDirtyRing r = new KvmDirtyRing(SIZE);
        private int fetch;

        @Operation(nonParallelGroup = "vcpu")
        public boolean push(@Param(gen = IntGen.class, conf = "0:3") int p) {
            if (r.used() >= SIZE) {
                return false;
            }
            r.pushFields(p);
            r.pushFlag(true);
            r.pushDone();
            return true;
        }

        @Operation(nonParallelGroup = "userspace")
        public int collectOne() {
            if (r.loadFlags(fetch, true) != KvmDirtyRing.DIRTY) {
                return -1;
            }
            int g = r.readGfn(fetch);
            r.markReset(fetch);
            fetch++;
            return g;
        }

        @Operation(nonParallelGroup = "kernel")
        public int resetOne() {
            int i = r.resetIndex();
            if (r.loadFlags(i, true) != KvmDirtyRing.RESET) {
                return -1;
            }
            int g = r.readGfn(i);
            r.invalidate();
            return g;
        }
    }

    /** The queue: entries from reset_index on, each pushed (DIRTY) or collected (RESET). */
    public static class RingSpec {
        private final List<int[]> entries = new ArrayList<>(); // {gfn, collected ? 1 : 0}

        public boolean push(int p) {
            if (entries.size() >= SIZE) {
                return false;
            }
            entries.add(new int[] {p, 0});
            return true;
        }

        public int collectOne() {
            for (int[] e : entries) {
                if (e[1] == 0) {
                    e[1] = 1;
                    return e[0];
                }
            }
            return -1;
        }

        public int resetOne() {
            if (!entries.isEmpty() && entries.get(0)[1] == 1) {
                return entries.remove(0)[0];
            }
            return -1;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RingSpec)) {
                return false;
            }
            List<int[]> b = ((RingSpec) o).entries;
            if (b.size() != entries.size()) {
                return false;
            }
            for (int i = 0; i < b.size(); i++) {
                if (b.get(i)[0] != entries.get(i)[0] || b.get(i)[1] != entries.get(i)[1]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int[] e : entries) {
                h = 31 * h + e[0] * 2 + e[1];
            }
            return h;
        }
    }

    /** The whole walks: collect every DIRTY entry, reset every RESET entry, each as one operation. */
    public static class RingWalks {
        private final Ring one = new Ring();

        @Operation(nonParallelGroup = "vcpu")
        public boolean push(@Param(gen = IntGen.class, conf = "0:3") int p) {
            return one.push(p);
        }

        @Operation(nonParallelGroup = "userspace")
        public List<Integer> collect() {
            List<Integer> got = new ArrayList<>();
            for (int g = one.collectOne(); g >= 0; g = one.collectOne()) {
                got.add(g);
            }
            return got;
        }

        @Operation(nonParallelGroup = "kernel")
        public int reset() {
            int n = 0;
            while (one.resetOne() >= 0) {
                n++;
            }
            return n;
        }
    }

    /** The walks' specification: collect marks every pushed entry at once, reset removes the collected prefix. */
    public static class RingWalksSpec {
        private final RingSpec q = new RingSpec();

        public boolean push(int p) {
            return q.push(p);
        }

        public List<Integer> collect() {
            List<Integer> got = new ArrayList<>();
            for (int g = q.collectOne(); g >= 0; g = q.collectOne()) {
                got.add(g);
            }
            return got;
        }

        public int reset() {
            int n = 0;
            while (q.resetOne() >= 0) {
                n++;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RingWalksSpec && q.equals(((RingWalksSpec) o).q);
        }

        @Override
        public int hashCode() {
            return q.hashCode();
        }
    }

    /**
     * Expected failure: with three entries pushed, a reset running beside a collect resets the entries collected
     * so far and returns before the collect has marked the rest -- e.g. collect() = [1, 2, 0] beside reset() = 2,
     * then reset() = 0: no order of atomic walks gives it (before the collect a reset finds nothing, after it
     * three), and the third collected entry is left for a later reset. The kernel's KVM_RESET_DIRTY_RINGS is such a walk; it
     * is safe because a later reset picks up what this one left, not because the walk is atomic.
     */
    @Test
    void wholeWalksAreNotLinearizable() throws Exception {
        var push = RingWalks.class.getMethod("push", int.class);
        var collect = RingWalks.class.getMethod("collect");
        var reset = RingWalks.class.getMethod("reset");
        var scenario = new org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario(
                List.of(new org.jetbrains.kotlinx.lincheck.Actor(push, List.of(1)),
                        new org.jetbrains.kotlinx.lincheck.Actor(push, List.of(2)),
                        new org.jetbrains.kotlinx.lincheck.Actor(push, List.of(0))),
                List.of(List.of(new org.jetbrains.kotlinx.lincheck.Actor(collect, List.of())),
                        List.of(new org.jetbrains.kotlinx.lincheck.Actor(reset, List.of()),
                                new org.jetbrains.kotlinx.lincheck.Actor(reset, List.of()))),
                List.of(), null);
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0).invocationsPerIteration(500)
                .addCustomScenario(scenario)
                .sequentialSpecification(RingWalksSpec.class)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, RingWalks.class);
        org.junit.jupiter.api.Assertions.assertNotNull(f,
                "Lincheck should find a reset that returns part of a concurrent collect");
        org.junit.jupiter.api.Assertions.assertInstanceOf(
                org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure.class, f, () -> f.toString());
        System.out.println("Expected Lincheck failure (whole walks are not atomic):\n" + ProtocolCheck.head(f.toString()));
    }

    @Test
    void pushCollectResetAreLinearizableUnderModelChecking() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(10).invocationsPerIteration(100)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(2)
                .sequentialSpecification(RingSpec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, Ring.class);
        assertNull(f, () -> "the ring is not linearizable:\n" + f);
    }

    @Test
    void pushCollectResetAreLinearizableUnderStress() {
        StressOptions o = new StressOptions()
                .iterations(10).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(2)
                .sequentialSpecification(RingSpec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, Ring.class);
        assertNull(f, () -> "the ring is not linearizable:\n" + f);
    }
}
