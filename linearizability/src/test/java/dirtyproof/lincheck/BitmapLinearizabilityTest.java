package dirtyproof.lincheck;

import dirtyproof.model.Bounds;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Machine;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.util.LoggingLevel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linearizability of the dirty bitmap's operations ({@link DirtyBitmap#set_bit}, {@link DirtyBitmap#xchg}) against a
 * sequential specification -- and why the protocol's safety property is NoLostWrite, not linearizability.
 *
 * <p>The bitmap under test is the real {@link DirtyBitmap}: 4 pages, 2 per word, so 2 words.
 * {@code set_bit} ({@code mark_page_dirty}) and the per-word {@code xchg} snapshot of
 * {@code kvm_get_dirty_log_protect} are each one atomic read-modify-write of one word: Lincheck finds every
 * history of them linearizable with respect to a plain set of pages. The harvest of a whole memslot is the
 * kernel's loop of those {@code xchg}s, one word after the other; as a snapshot of the set of dirty pages
 * it is <em>not</em> linearizable, and Lincheck shows the interleaving. It still loses nothing: every page
 * set is reported by this harvest or left in the bitmap for the next, which is all migration needs.
 */
class BitmapLinearizabilityTest {

    static final Bounds BITMAP = new Bounds(4, 2, 1, 1, 1);

    /** set_bit and the per-word xchg snapshot of the real DirtyBitmap. */
    public static class BitmapWords {
        private final DirtyBitmap m = new DirtyBitmap(BITMAP);

        @Operation
        public void setBit(@Param(gen = IntGen.class, conf = "0:3") int p) {
            m.set_bit(p);
        }

        /** xchg(&dirty_bitmap[w], 0): the word's pages, as a sorted list. */
        @Operation
        public List<Integer> snapshotClear(@Param(gen = IntGen.class, conf = "0:1") int w) {
            return pages(w, m.xchg(w));
        }
    }

    /** The sequential specification: a set of dirty pages; a word's snapshot returns and removes its pages. */
    public static class BitmapSpec {
        private final TreeSet<Integer> dirty = new TreeSet<>();

        public void setBit(int p) {
            dirty.add(p);
        }

        public List<Integer> snapshotClear(int w) {
            List<Integer> r = new ArrayList<>();
            for (int p = 2 * w; p < 2 * w + 2; p++) {
                if (dirty.remove(p)) {
                    r.add(p);
                }
            }
            return r;
        }

        public List<Integer> harvestSlot() {
            List<Integer> r = new ArrayList<>(dirty);
            dirty.clear();
            return r;
        }
    }

    static List<Integer> pages(int w, long mask) {
        List<Integer> r = new ArrayList<>();
        for (int p : new Machine(BITMAP).pagesOf(w, mask)) {
            r.add(p);
        }
        return r;
    }

    @Test
    void setBitAndPerWordSnapshotAreLinearizableUnderModelChecking() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(10).invocationsPerIteration(100)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(BitmapSpec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, BitmapWords.class);
        assertNull(f, () -> "set_bit / xchg are not linearizable:\n" + f);
    }

    @Test
    void setBitAndPerWordSnapshotAreLinearizableUnderStress() {
        StressOptions o = new StressOptions()
                .iterations(10).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3)
                .sequentialSpecification(BitmapSpec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, BitmapWords.class);
        assertNull(f, () -> "set_bit / xchg are not linearizable:\n" + f);
    }

    /**
     * The harvest of a whole memslot: for each word, xchg it to zero and collect its pages -- the loop of
     * kvm_get_dirty_log_protect. Each page it reports and clears is also remembered, so the validation can
     * check that nothing set was lost.
     */
    public static class WholeSlotHarvest {
        private final DirtyBitmap m = new DirtyBitmap(BITMAP);
        private final TreeSet<Integer> set = new TreeSet<>();
        private final TreeSet<Integer> harvested = new TreeSet<>();

        @Operation
        public void setBit(@Param(gen = IntGen.class, conf = "0:3") int p) {
            m.set_bit(p);
            synchronized (set) {
                set.add(p);
            }
        }

        @Operation
        public List<Integer> harvestSlot() {
            List<Integer> r = new ArrayList<>();
            for (int w = 0; w < BITMAP.words(); w++) {
                r.addAll(pages(w, m.xchg(w)));
            }
            synchronized (harvested) {
                harvested.addAll(r);
            }
            return r;
        }

        /** Loses nothing: what any harvest reported, plus what the bitmap still holds, covers every page set. */
        @Validate
        public void nothingLost() {
            TreeSet<Integer> seen = new TreeSet<>(harvested);
            for (int w = 0; w < BITMAP.words(); w++) {
                seen.addAll(pages(w, m.get(w)));
            }
            if (!seen.containsAll(set)) {
                throw new AssertionError("pages set " + set + " but harvested or still dirty only " + seen);
            }
        }
    }

    /**
     * Expected failure. Thread 1 harvests the slot while thread 2 sets p0 (word 0) and then p2 (word 1):
     *
     * <pre>
     *   harvester                          writer
     *   xchg(w0) -> {}       (p0 not yet)
     *                                      set_bit(p0)   word 0, already walked past
     *                                      set_bit(p2)   word 1
     *   xchg(w1) -> {p2}
     *   harvestSlot() = [2]
     * </pre>
     *
     * No sequential order of the three operations gives [2]: after set_bit(p2) the set holds p0 too (the
     * writer set it first), before it the set has no p2. So the whole-slot harvest is not a linearizable
     * snapshot of the set. Yet p0 is not lost -- it is still set in word 0 and the next harvest reports it
     * -- which {@link WholeSlotHarvest#nothingLost()} checks after every execution in the second test. That
     * is why the protocol's safety property is NoLostWrite (dest = mem after the final round), not the
     * linearizability of the harvest.
     */
    @Test
    void wholeSlotHarvestIsNotALinearizableSnapshot() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0).invocationsPerIteration(500)
                .addCustomScenario(WholeSlotScenario.harvestBesideTwoSets())
                .sequentialSpecification(BitmapSpec.class)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, WholeSlotHarvest.class);
        assertNotNull(f, "Lincheck should find the non-linearizable interleaving of the whole-slot harvest");
        assertInstanceOf(IncorrectResultsFailure.class, f, () -> "expected incorrect results, got:\n" + f);
        String report = f.toString();
        // the non-linearizable result: the harvest saw p2 (set second) but not p0 (set first)
        assertTrue(report.contains("harvestSlot(): [2]"), () -> "expected the harvest to return [2]:\n" + report);
        System.out.println("Expected Lincheck failure (whole-slot harvest is not a linearizable snapshot):\n"
                + ProtocolCheck.head(report));
    }

    /** The same harvest, every interleaving Lincheck explores: NoLostWrite's bitmap half holds. */
    @Test
    void wholeSlotHarvestLosesNothing() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(4).invocationsPerIteration(100)
                .threads(2).actorsPerThread(2).actorsBefore(0).actorsAfter(0)
                .verifier(AnyResults.class)
                .addCustomScenario(WholeSlotScenario.harvestBesideTwoSets())
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, WholeSlotHarvest.class);
        assertNull(f, () -> "the whole-slot harvest lost a page:\n" + f);
    }

    /** The scenario of the expected failure, built from WholeSlotHarvest's operations. */
    static final class WholeSlotScenario {
        static org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario harvestBesideTwoSets() {
            try {
                var set = WholeSlotHarvest.class.getMethod("setBit", int.class);
                var harvest = WholeSlotHarvest.class.getMethod("harvestSlot");
                return new org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario(List.of(),
                        List.of(List.of(new org.jetbrains.kotlinx.lincheck.Actor(harvest, List.of())),
                                List.of(new org.jetbrains.kotlinx.lincheck.Actor(set, List.of(0)),
                                        new org.jetbrains.kotlinx.lincheck.Actor(set, List.of(2)))),
                        List.of(), null);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void pagesOfAWordAreTheBitsSet() {
        assertEquals(List.of(2, 3), pages(1, 0b11));
        assertEquals(List.of(1), pages(0, 0b10));
    }
}
