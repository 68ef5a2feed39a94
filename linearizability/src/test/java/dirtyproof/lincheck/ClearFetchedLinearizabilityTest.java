package dirtyproof.lincheck;

import dirtyproof.model.Bounds;
import dirtyproof.model.DirtyBitmap;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
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
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linearizability of KVM_CLEAR_DIRTY_LOG's word operation against set_bit, on the real {@link DirtyBitmap}
 * (4 pages, 2 per word): {@code mask &= atomic_long_fetch_andnot(mask, &dirty_bitmap[i])} clears the mask's
 * bits and returns those that were set, in one atomic step, so every history with set_bit is linearizable with
 * respect to a set of dirty pages. The same clear written as a load and a store of the word (clear-log's
 * {@code clear-op: load-store}) is not: a set_bit of another page of the word between the load and the store
 * disappears, and Lincheck shows the interleaving -- the bit-level form of clear-load-store-fast.
 */
class ClearFetchedLinearizabilityTest {

    static final Bounds BITMAP = new Bounds(4, 2, 1, 1, 1);

    /** set_bit and the CLEAR's fetch_andnot; mask is a word's bits (1..3). */
    public static class FetchAndNot {
        private final DirtyBitmap m = new DirtyBitmap(BITMAP);

        @Operation
        public void setBit(@Param(gen = IntGen.class, conf = "0:3") int p) {
            m.set_bit(p);
        }

        /** The pages of word w whose bits the CLEAR really cleared. */
        @Operation
        public List<Integer> clearFetched(@Param(gen = IntGen.class, conf = "0:1") int w,
                                          @Param(gen = IntGen.class, conf = "1:3") int mask) {
            return BitmapLinearizabilityTest.pages(w, mask & m.fetch_andnot(w, mask));
        }
    }

    /** The same, with the clear as a load of the word and a store of it without the mask's bits. */
    public static class LoadStore {
        private final DirtyBitmap m = new DirtyBitmap(BITMAP);

        @Operation
        public void setBit(@Param(gen = IntGen.class, conf = "0:3") int p) {
            m.set_bit(p);
        }

        @Operation
        public List<Integer> clearFetched(@Param(gen = IntGen.class, conf = "0:1") int w,
                                          @Param(gen = IntGen.class, conf = "1:3") int mask) {
            long old = m.get(w);
            m.set(w, old & ~mask);
            return BitmapLinearizabilityTest.pages(w, mask & old);
        }

        /** What the bitmap holds: a page set and never cleared must still be here. */
        @Operation
        public List<Integer> dirty() {
            List<Integer> r = new ArrayList<>();
            for (int w = 0; w < BITMAP.words(); w++) {
                r.addAll(BitmapLinearizabilityTest.pages(w, m.get(w)));
            }
            return r;
        }
    }

    /** A set of dirty pages; the clear returns and removes the mask's pages of the word that are in it. */
    public static class Spec {
        private final TreeSet<Integer> dirty = new TreeSet<>();

        public void setBit(int p) {
            dirty.add(p);
        }

        public List<Integer> clearFetched(int w, int mask) {
            List<Integer> r = new ArrayList<>();
            for (int p = 2 * w; p < 2 * w + 2; p++) {
                if ((mask & (1 << (p - 2 * w))) != 0 && dirty.remove(p)) {
                    r.add(p);
                }
            }
            return r;
        }

        public List<Integer> dirty() {
            return new ArrayList<>(dirty);
        }
    }

    @Test
    void fetchAndNotIsLinearizableUnderModelChecking() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(10).invocationsPerIteration(100)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, FetchAndNot.class);
        assertNull(f, () -> "set_bit / fetch_andnot are not linearizable:\n" + f);
    }

    @Test
    void fetchAndNotIsLinearizableUnderStress() {
        StressOptions o = new StressOptions()
                .iterations(10).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3)
                .sequentialSpecification(Spec.class)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, FetchAndNot.class);
        assertNull(f, () -> "set_bit / fetch_andnot are not linearizable:\n" + f);
    }

    /**
     * Expected failure: thread 1 clears p0 of word 0 (mask 0b01) with a load and a store while thread 2 sets
     * p1, the other page of the word; afterwards the bitmap is read.
     *
     * <pre>
     *   CLEAR (load-store)                 writer
     *   old = dirty_bitmap[0] = {}
     *                                      set_bit(p1)   dirty_bitmap[0] = {p1}
     *   dirty_bitmap[0] = old &amp; ~0b01 = {}               p1 wiped
     *   dirty() = []
     * </pre>
     *
     * In every sequential order p1 is still dirty at the end (the clear's mask does not cover it).
     */
    @Test
    void loadStoreClearIsNotLinearizable() {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0).invocationsPerIteration(500)
                .addCustomScenario(scenario())
                .sequentialSpecification(Spec.class)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.ERROR);
        LincheckFailure f = LinCheckerKt.checkImpl(o, LoadStore.class);
        assertNotNull(f, "Lincheck should find the set_bit the load-store clear overwrites");
        assertInstanceOf(IncorrectResultsFailure.class, f, () -> "expected incorrect results, got:\n" + f);
        assertTrue(f.toString().contains("dirty(): []"), () -> "expected the bitmap to end empty:\n" + f);
    }

    private static org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario scenario() {
        try {
            var set = LoadStore.class.getMethod("setBit", int.class);
            var clear = LoadStore.class.getMethod("clearFetched", int.class, int.class);
            var dirty = LoadStore.class.getMethod("dirty");
            return new org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario(List.of(),
                    List.of(List.of(new org.jetbrains.kotlinx.lincheck.Actor(clear, List.of(0, 1))),
                            List.of(new org.jetbrains.kotlinx.lincheck.Actor(set, List.of(1)))),
                    List.of(new org.jetbrains.kotlinx.lincheck.Actor(dirty, List.of())), null);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
