package dirtyproof.jcstress;

import dirtyproof.Catalog;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Event;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jcstress back-end on the real shaded jar (this runs in `integration-test`, after `package` built
 * target/jcstress.jar): every get-log variant of the catalog gets its expected verdict, and the ways jcstress
 * can fail to test anything are INCONCLUSIVE, never SAFE.
 *
 * <p>The mode is {@code -Djcstress.it.mode} (the pom's {@code jcstress.it.mode}, see BENCHMARKS.md); a table of
 * samples, forbidden samples and seconds per variant is written to target/jcstress-it/catalog.tsv.
 *
 * <p>The catalog goes through {@link Backend#checkAll}, as {@code ./dirtyproof check variants/ --backend jcstress}
 * does: up to eight variants in one jcstress run (the back-end's batch), one dynamic test per variant asserting its
 * own answer; a batch runs when its first variant's test is reached.
 */
class JcstressBackendIT {

    private static final Path HOME = BackendOptions.defaultHome();
    private static final Path WORK = Paths.get(System.getProperty("jcstress.it.workdir", "target/jcstress-it"))
            .toAbsolutePath();
    private static final String MODE = System.getProperty("jcstress.it.mode", JcstressBackend.DEFAULT_MODE);
    private static final List<String> TABLE = new ArrayList<>();

    private static final JcstressBackend BACKEND = new JcstressBackend();
    private final Backend backend = BACKEND;

    /** The catalog's answers in the mode of the run, filled a batch at a time ({@link #catalogResult}). */
    private static BackendResult[] catalogResults;
    private static List<Variant> catalog;

    /** The catalog the sampling back-ends check today (every unsafe variant, two safe ones). */
    static synchronized List<Variant> catalog() {
        if (catalog == null) {
            catalog = Catalog.forSamplingBackends(VariantLoader.load(List.of(HOME.resolve("variants"))));
        }
        return catalog;
    }

    /**
     * Variants jcstress cannot run yet, and why: asserted INCONCLUSIVE (fail-closed) with that reason, so that the
     * day the back-end runs them this list must shrink. Empty: the races are generated from every family's actors
     * (the ring's reapers too), and the event log knows every actor of the migration.
     */
    static final Map<String, String> NOT_RUNNABLE = Map.of();

    /**
     * Unsafe variants whose race the generated scenarios do not give jcstress, and why: a known miss, asserted as
     * one (SAFE, nothing forbidden), so that the day jcstress finds it this list must shrink. Empty: the ring's
     * wrap scenario (more pages dirtied than the ring has entries) is one of ring-ignore-soft-limit's races.
     */
    static final Map<String, String> NOT_RACED = Map.of();

    private static BackendOptions options(Map<String, String> extra, Duration timeout) {
        return new BackendOptions(HOME, WORK, timeout, extra);
    }

    /** The most frequent losing race an UNSAFE answer names, or "". */
    static String loss(BackendResult r) {
        int i = r.reason().indexOf("most frequent: ");
        if (i < 0) {
            return "";
        }
        String s = r.reason().substring(i + "most frequent: ".length());
        int end = s.indexOf(';');
        return end < 0 ? s : s.substring(0, end);
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertTrue(Files.isRegularFile(HOME.resolve(JcstressBackend.JAR)),
                "run after `package`: " + HOME.resolve(JcstressBackend.JAR) + " is missing");
    }

    @AfterAll
    static void writeTable() throws IOException {
        Files.createDirectories(WORK);
        Path f = WORK.resolve("catalog.tsv");
        List<String> lines = new ArrayList<>();
        lines.add("variant\texpect\tverdict\tmode\tsamples\tforbidden\tseconds\tmost frequent loss");
        lines.addAll(TABLE);
        Files.write(f, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Test
    void isFoundByServiceLoader() {
        boolean found = false;
        for (Backend b : ServiceLoader.load(Backend.class)) {
            found |= b.name().equals("jcstress") && b instanceof JcstressBackend;
        }
        assertTrue(found, "META-INF/services/dirtyproof.backend.Backend must name JcstressBackend");
    }

    @TestFactory
    List<DynamicTest> everyUnsafeVariantAndASampleOfTheSafeOnesGetTheirExpectedVerdict() {
        List<Variant> catalog = catalog();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            Variant v = catalog.get(i);
            int index = i;
            tests.add(DynamicTest.dynamicTest(v.name() + " is " + v.expect().id(), () -> {
                BackendResult r = catalogResult(index);
                TABLE.add(v.name() + "\t" + v.expect().id() + "\t" + r.verdict() + "\t" + MODE + "\t"
                        + r.explored().get("samples") + "\t" + r.explored().get("forbidden") + "\t" + r.seconds() + "\t" + loss(r));
                if (NOT_RUNNABLE.containsKey(v.name())) {
                    assertEquals(Verdict.INCONCLUSIVE, r.verdict(), v.name() + " now runs under jcstress: drop it"
                            + " from NOT_RUNNABLE. " + r.reason());
                    assertTrue(r.reason().contains(NOT_RUNNABLE.get(v.name())), r.reason());
                    return;
                }
                if (NOT_RACED.containsKey(v.name())) {
                    assertEquals(Verdict.SAFE, r.verdict(), v.name() + " is a known miss of ProtocolRace ("
                            + NOT_RACED.get(v.name()) + "); jcstress now finds it: drop it from NOT_RACED. " + r.reason());
                    assertEquals(0, r.explored().get("forbidden").longValue());
                    return;
                }
                Verdict want = v.expect() == Expect.SAFE ? Verdict.SAFE : Verdict.UNSAFE;
                if (want == Verdict.UNSAFE && r.verdict() == Verdict.SAFE) {
                    // a sampler's miss: short's budget was not enough this time; the same race with jcstress's
                    // quick budget must find it, or the back-end has lost the race
                    String shortRun = r.reason();
                    r = backend.check(v, options(Map.of(JcstressBackend.MODE, "quick"), Duration.ofMinutes(10)));
                    TABLE.add(v.name() + "\t" + v.expect().id() + "\t" + r.verdict() + "\tquick\t"
                            + r.explored().get("samples") + "\t" + r.explored().get("forbidden") + "\t" + r.seconds() + "\t" + loss(r));
                    System.out.println("jcstress: " + v.name() + " missed in mode " + MODE + " (" + shortRun
                            + "); mode quick: " + r.verdict());
                }
                assertEquals(want, r.verdict(), v.name() + ": " + r.reason() + "\n" + r.columns());
                long samples = r.explored().get("samples").longValue();
                long forbidden = r.explored().get("forbidden").longValue();
                assertTrue(samples > 0, "samples reported");
                if (want == Verdict.UNSAFE) {
                    assertTrue(forbidden > 0 && forbidden <= samples, "forbidden samples counted");
                    List<String> trace = r.counterexample().lines();
                    assertFalse(r.counterexample().events().isEmpty(), "an UNSAFE verdict carries a trace");
                    assertTrue(trace.get(trace.size() - 1).startsWith("lost write: page p"),
                            "the trace ends with the lost write: " + trace);
                    // the counterexample is a real run: replayed step by step, it loses a write
                    Variant stressed = VariantHolder.stressed(v, VariantHolder.DEFAULT_BURST);
                    Run run = ScheduleDriver.replay(stressed.family().start(stressed), r.counterexample().events());
                    assertTrue(run.lostWrite(), "the counterexample replays to a lost write:\n" + r.columns());
                    assertTrue(trace.contains(run.lost().get(0).toString()), trace.toString());
                    assertTrue(r.replayed(), "the back-end says it replayed: " + r.reason());
                    assertEquals(null, dirtyproof.check.Replays.problem(v, r.counterexample()),
                            "the checker's own replay (writes bound raised to fit the bursts)");
                } else {
                    assertEquals(0, forbidden);
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the catalog holds get-log variants");
        return tests;
    }

    /**
     * The answer for the catalog's variant {@code i}: when it is not known yet, the batch that holds it runs
     * (checkAll on as many variants as the back-end runs together, the catalog cut into batches from its start).
     */
    private static synchronized BackendResult catalogResult(int i) {
        List<Variant> all = catalog();
        if (catalogResults == null) {
            catalogResults = new BackendResult[all.size()];
        }
        if (catalogResults[i] == null) {
            BackendOptions o = options(Map.of(JcstressBackend.MODE, MODE), Duration.ofMinutes(10));
            int size = BACKEND.batchSize(o);
            int from = i - i % size;
            List<Variant> batch = all.subList(from, Math.min(all.size(), from + size));
            List<BackendResult> got = BACKEND.checkAll(batch, o);
            assertEquals(batch.size(), got.size(), "checkAll answers every variant");
            for (int k = 0; k < got.size(); k++) {
                catalogResults[from + k] = got.get(k);
            }
        }
        return catalogResults[i];
    }

    /** Asserts an UNSAFE answer with a counterexample that replays to a lost write, as the catalog test does. */
    static void assertReplayedLostWrite(Variant v, BackendResult r) {
        assertEquals(Verdict.UNSAFE, r.verdict(), v.name() + ": " + r.reason());
        List<String> trace = r.counterexample().lines();
        assertFalse(r.counterexample().events().isEmpty(), "an UNSAFE verdict carries a trace");
        assertTrue(trace.get(trace.size() - 1).startsWith("lost write: page p"), "the trace ends with the lost write: "
                + trace);
        Variant stressed = VariantHolder.stressed(v, VariantHolder.DEFAULT_BURST);
        Run run = ScheduleDriver.replay(stressed.family().start(stressed), r.counterexample().events());
        assertTrue(run.lostWrite(), "the counterexample replays to a lost write:\n" + r.columns());
        assertTrue(r.replayed(), r.reason());
        assertEquals(null, dirtyproof.check.Replays.problem(v, r.counterexample()), "the checker's own replay");
    }

    /**
     * A safe variant shares its jcstress run with unsafe ones (the catalog's batches: two safe variants among some
     * forty unsafe ones): jcstress exits 1 for their forbidden outcomes, and that exit must not make the safe one
     * INCONCLUSIVE: it is SAFE, from its own test's table. The catalog's answers, so no run of its own.
     */
    @Test
    void aSafeVariantInABatchWithUnsafeOnesIsSafeThoughJcstressExitsOne() {
        List<Variant> all = catalog();
        int size = BACKEND.batchSize(options(Map.of(JcstressBackend.MODE, MODE), Duration.ofMinutes(10)));
        int safeOnes = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).expect() != Expect.SAFE || NOT_RUNNABLE.containsKey(all.get(i).name())) {
                continue;
            }
            BackendResult r = catalogResult(i);
            int from = i - i % size;
            boolean unsafeNeighbour = false;
            for (int k = from; k < Math.min(all.size(), from + size); k++) {
                unsafeNeighbour |= catalogResult(k).verdict() == Verdict.UNSAFE;
            }
            if (!unsafeNeighbour) {
                // every lost write of its batch missed this time (the catalog test retries those): nothing to show
                continue;
            }
            assertEquals(Verdict.SAFE, r.verdict(), all.get(i).name() + ": " + r.reason());
            assertTrue(r.reason().contains("jcstress exit 1"), "jcstress exited 1 for the others: " + r.reason());
            assertTrue(r.explored().get("samples").longValue() > 0, r.explored().toString());
            assertEquals(0, r.explored().get("forbidden").longValue());
            safeOnes++;
        }
        assertTrue(safeOnes > 0, "the catalog of the sampling back-ends holds a safe variant batched with a lost write");
    }

    /**
     * A batch of four: a variant that loses writes, one of a protocol with no implementation (answered without a
     * slot), one whose slot breaks in the forked JVMs (its variant file is garbled after the back-end wrote it, so
     * its test errors), and a safe one. The broken ones are INCONCLUSIVE with their own reason; the others keep
     * their verdicts.
     */
    @Test
    void aSlotWhoseVariantCannotRunIsInconclusiveWithoutSpoilingTheOthers() {
        Variant lossy = VariantLoader.load(HOME.resolve("variants/get-log/no-flush.yaml"));
        Variant other = new Variant("other-x", "no-such-protocol", "", dirtyproof.variant.MachineConfig.TODAY,
                dirtyproof.model.Bounds.DEFAULT, Map::of, null, null);
        Variant safe = VariantLoader.load(HOME.resolve("variants/get-log/kernel-today.yaml"));
        List<Integer> broken = new ArrayList<>();
        List<BackendResult> r = ((JcstressBackend) backend).checkAll(List.of(lossy, other, safe, safe),
                options(Map.of(JcstressBackend.MODE, MODE), Duration.ofMinutes(10)), (slot, dir) -> {
                    if (slot == 1) {
                        // the third variant has slot 1: the unimplemented one took none
                        assertTrue(dir.getFileName().toString().startsWith("slot1-kernel-today"), dir.toString());
                        Files.writeString(dir.resolve("variant.yaml"), "name: [unclosed\n", StandardCharsets.UTF_8);
                        broken.add(slot);
                    }
                });
        assertEquals(List.of(1), broken, "the hook saw slot 1");
        assertEquals(4, r.size());
        assertReplayedLostWrite(lossy, r.get(0));
        assertEquals(Verdict.INCONCLUSIVE, r.get(1).verdict(), r.get(1).reason());
        assertTrue(r.get(1).reason().contains("unknown protocol 'no-such-protocol'"), r.get(1).reason());
        assertEquals(Verdict.INCONCLUSIVE, r.get(2).verdict(), r.get(2).reason());
        assertTrue(r.get(2).reason().contains("errored"), r.get(2).reason());
        assertEquals(Verdict.SAFE, r.get(3).verdict(), r.get(3).reason());
        assertTrue(r.get(3).reason().contains("one of 3 variants in one jcstress run"), r.get(3).reason());
    }

    /**
     * Issue 12: __set_bit on the lockless fast path with two vCPUs loses a write when the two fault paths mark
     * pages of one word at once. jcstress must find it, and through a vCPU x vCPU race (one vCPU against the
     * harvester cannot lose it).
     */
    @Test
    void nonAtomicSetBitWithTwoVcpusIsFoundThroughTheVcpuByVcpuRace() {
        Variant v = VariantLoader.parse("name: nonatomic-fast-two-vcpus\nprotocol: get-log\nset-op: non-atomic\n"
                + "bounds: {pages: 2, pages-per-word: 2, vcpus: 2, writes: 2, rounds: 1}\nexpect: lost-write\n", "test", null);
        assertTrue(RaceScenarios.of(v).stream().anyMatch(r -> r.pair().equals("vcpu\u00d7vcpu")),
                "the generated races include vCPU x vCPU");
        BackendResult r = backend.check(v, options(Map.of(JcstressBackend.MODE, MODE), Duration.ofMinutes(10)));
        TABLE.add(v.name() + "\t" + v.expect().id() + "\t" + r.verdict() + "\t" + MODE + "\t"
                + r.explored().get("samples") + "\t" + r.explored().get("forbidden") + "\t" + r.seconds() + "\t" + loss(r));
        assertEquals(Verdict.UNSAFE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("(vcpu\u00d7vcpu)"), "the most frequent losing race: " + r.reason());
        assertTrue(r.replayed(), r.reason());
    }

    @Test
    void noMatchingTestIsInconclusiveNotSafe() {
        Variant v = VariantLoader.load(HOME.resolve("variants/get-log/kernel-today.yaml"));
        BackendResult r = backend.check(v, options(Map.of(JcstressBackend.MODE, "sanity",
                JcstressBackend.TEST, "dirtyproof\\.jcstress\\.NoSuchTest"), Duration.ofMinutes(5)));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("No matching tests"), r.reason());
    }

    @Test
    void timeoutKillsJcstressAndIsInconclusive() throws IOException {
        Variant v = VariantLoader.load(HOME.resolve("variants/get-log/kernel-today.yaml"));
        BackendResult r = backend.check(v, options(Map.of(JcstressBackend.MODE, "default"), Duration.ofSeconds(3)));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("did not finish"), r.reason());
        assertTrue(r.seconds() < 30, "killed promptly: " + r.seconds());
    }
}
