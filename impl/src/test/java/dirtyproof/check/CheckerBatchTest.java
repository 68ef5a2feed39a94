package dirtyproof.check;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker hands a back-end that batches ({@link Backend#batchSize}) its variants a batch at a time, through
 * {@link Backend#checkAll}, while its output and its listener stay one variant at a time; a back-end that breaks
 * checkAll's contract (throws, too few results, a null) gives INCONCLUSIVE, never a missing or shifted answer.
 */
class CheckerBatchTest {

    static Variant v(String name) {
        return VariantLoader.parse("name: " + name + "\nprotocol: get-log\n", "test", null);
    }

    static final List<Variant> FIVE = List.of(v("a"), v("b"), v("c"), v("d"), v("e"));

    static BackendOptions options() {
        return new BackendOptions(Path.of("."), Path.of("target/checker-batch"), Duration.ofSeconds(5), Map.of());
    }

    /** A back-end answering SAFE with the variant's name, in batches of {@code size}, recording the batches. */
    static class Batching implements Backend {
        final String name;
        final int size;
        final List<String> log;

        Batching(String name, int size, List<String> log) {
            this.name = name;
            this.size = size;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int batchSize(BackendOptions options) {
            return size;
        }

        @Override
        public BackendResult run(Variant variant, BackendOptions options) {
            log.add(name + " run " + variant.name());
            return BackendResult.safe(name, false, Map.of(), 0, variant.name());
        }

        @Override
        public List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
            log.add(name + " batch " + variants.stream().map(Variant::name).collect(Collectors.joining("")));
            return variants.stream().map(x -> BackendResult.safe(name, false, Map.of(), 0, x.name()))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aBatchingBackEndGetsItsBatchesWhenTheFirstOfThemIsReachedAndTheOutputStaysInOrder() {
        List<String> log = new ArrayList<>();
        Checker c = new Checker(Map.of("one", new Batching("one", 1, log), "three", new Batching("three", 3, log)));
        List<VariantResult> r = c.check(FIVE, List.of("one", "three"), options(), new Checker.Listener() {
            @Override
            public void starting(Variant v, String backend) {
                log.add("starting " + v.name() + " " + backend);
            }

            @Override
            public void batch(List<Variant> variants, String backend) {
                log.add("batch of " + variants.size() + " for " + backend);
            }

            @Override
            public void done(VariantResult vr) {
                log.add("done " + vr.variant().name());
            }
        });
        assertEquals(List.of(
                "starting a one", "one run a", "starting a three", "batch of 3 for three", "three batch abc", "done a",
                "starting b one", "one run b", "starting b three", "done b",
                "starting c one", "one run c", "starting c three", "done c",
                "starting d one", "one run d", "starting d three", "batch of 2 for three", "three batch de", "done d",
                "starting e one", "one run e", "starting e three", "done e"), log);
        assertEquals(List.of("a", "b", "c", "d", "e"), r.stream().map(x -> x.variant().name()).collect(Collectors.toList()));
        for (VariantResult x : r) {
            // each variant's answer is its own, not a neighbour's of the batch
            assertEquals(x.variant().name(), x.results().get("three").reason());
            assertEquals(x.variant().name(), x.results().get("one").reason());
        }
    }

    @Test
    void aBatchThatBreaksTheContractIsInconclusiveForEachOfItsVariants() {
        Backend thrower = new Batching("thrower", 2, new ArrayList<>()) {
            @Override
            public List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
                throw new IllegalStateException("boom");
            }
        };
        Backend shortOne = new Batching("short", 5, new ArrayList<>()) {
            @Override
            public List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
                return super.checkAll(variants, options).subList(0, variants.size() - 1);
            }
        };
        Backend nulls = new Batching("nulls", 5, new ArrayList<>()) {
            @Override
            public List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
                List<BackendResult> l = new ArrayList<>(super.checkAll(variants, options));
                l.set(2, null);
                return l;
            }
        };
        Checker c = new Checker(Map.of("thrower", thrower, "short", shortOne, "nulls", nulls));
        List<VariantResult> r = c.check(FIVE, List.of("thrower", "short", "nulls"), options(), new Checker.Listener() {
        });
        for (VariantResult x : r) {
            BackendResult t = x.results().get("thrower");
            // the last variant is a batch of one: check(), which turns nothing into an exception here
            if (!x.variant().name().equals("e")) {
                assertEquals(Verdict.INCONCLUSIVE, t.verdict(), x.variant().name());
                assertTrue(t.reason().contains("boom"), t.reason());
            }
            BackendResult s = x.results().get("short");
            assertEquals(Verdict.INCONCLUSIVE, s.verdict(), x.variant().name());
            assertTrue(s.reason().contains("returned 4 results for 5 variants"), s.reason());
            BackendResult n = x.results().get("nulls");
            assertEquals(x.variant().name().equals("c") ? Verdict.INCONCLUSIVE : Verdict.SAFE, n.verdict(),
                    x.variant().name());
        }
    }

    @Test
    void theDefaultCheckAllChecksEachInOrderAndNeverThrows() {
        Backend b = new Backend() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public BackendResult run(Variant variant, BackendOptions options) {
                if (variant.name().equals("b")) {
                    throw new IllegalStateException("b breaks");
                }
                return BackendResult.safe("plain", false, Map.of(), 0, variant.name());
            }
        };
        assertEquals(1, b.batchSize(options()));
        List<BackendResult> r = b.checkAll(FIVE, options());
        assertEquals(5, r.size());
        assertEquals(Verdict.INCONCLUSIVE, r.get(1).verdict());
        assertTrue(r.get(1).reason().contains("b breaks"), r.get(1).reason());
        assertEquals(List.of("a", "", "c", "d", "e"), r.stream().map(x -> x.verdict() == Verdict.SAFE ? x.reason() : "")
                .collect(Collectors.toList()));
    }
}
