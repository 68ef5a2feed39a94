package dirtyproof.lincheck;

import dirtyproof.Catalog;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Event;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lincheck back-end on every get-log variant of the catalog ({@code ../variants}): its verdict must be
 * the variant's {@code expect}. Each unsafe variant is a test of the checker itself: a back-end that stops
 * finding a known lost write has broken. The counterexample must be in the step vocabulary, end with the
 * lost write, and replay through {@code ScheduleDriver} to the same lost write.
 *
 * <p>The variants run {@link #PARALLEL} forked JVMs at a time (two on 2 cores). Times are written to {@code
 * target/lincheck-catalog.md} for BENCHMARKS.md, each measured while another variant ran beside it; they are not
 * asserted.
 */
class LincheckCatalogTest {

    private static final Map<String, String> ROWS = new TreeMap<>();

    static Path catalog() {
        return Paths.get(System.getProperty("dirtyproof.catalog", "../variants")).toAbsolutePath().normalize();
    }

    /** Every unsafe variant of every family, and a rotating sample of the safe ones ({@link Catalog}). */
    static List<Variant> variants() {
        return Catalog.forSamplingBackends(VariantLoader.load(List.of(catalog())));
    }

    /**
     * Forked Lincheck JVMs running at once: Lincheck's model checker runs an execution's threads one at a time, so
     * each fork keeps one core busy, and two use a 2-core CI machine fully ({@code -Dlincheck.it.parallel=N}).
     */
    static final int PARALLEL = Integer.getInteger("lincheck.it.parallel",
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));

    private static Map<String, Future<BackendResult>> results;

    /**
     * The back-end's answer on the variant at the default options: on the first call every catalog variant is
     * started, in catalog order, {@link #PARALLEL} at a time; each test waits for its own.
     */
    static synchronized Future<BackendResult> result(Variant v) {
        if (results == null) {
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
                Thread t = new Thread(r, "lincheck-catalog");
                t.setDaemon(true);
                return t;
            });
            results = new java.util.LinkedHashMap<>();
            for (Variant w : variants()) {
                results.put(w.name(), pool.submit(() -> new LincheckBackend().check(w, options(w))));
            }
            pool.shutdown();
        }
        return java.util.Objects.requireNonNull(results.get(v.name()), v.name() + " is not a catalog variant");
    }

    static BackendOptions options() {
        Path work = Paths.get("target", "lincheck-work").toAbsolutePath();
        return new BackendOptions(Paths.get("..").toAbsolutePath().normalize(), work, Duration.ofSeconds(400), Map.of());
    }

    /**
     * The options a catalog variant runs with here: the defaults for an unsafe one (it stops at its lost write);
     * for a safe one, whose every scenario runs to the end, the budget capped at {@link
     * LincheckBackend#DEFAULT_BUDGET} executions. A safe variant here checks that the back-end raises no false
     * alarm, which a sample of its scenarios shows; at the default budget (30 executions per concurrent scenario)
     * the build's safe sample would take about three times as long. {@code ./dirtyproof check variants/} runs
     * every variant at the default budget.
     */
    static BackendOptions options(Variant v) {
        BackendOptions o = options();
        return v.expect() != Expect.SAFE ? o : new BackendOptions(o.home(), o.workDir(), o.timeout(),
                Map.of("lincheck.budget", String.valueOf(LincheckBackend.DEFAULT_BUDGET)));
    }

    @Test
    void theBackendIsRegisteredForServiceLoader() {
        boolean found = false;
        for (Backend b : ServiceLoader.load(Backend.class)) {
            found |= b instanceof LincheckBackend && b.name().equals("lincheck");
        }
        assertTrue(found, "META-INF/services/dirtyproof.backend.Backend must name dirtyproof.lincheck.LincheckBackend");
    }

    @Test
    void theCatalogHasGetLogVariantsOfBothKinds() {
        List<Variant> vs = VariantLoader.load(List.of(catalog())).stream().filter(v -> v.protocol().equals("get-log"))
                .collect(Collectors.toList());
        assertTrue(vs.size() >= 14, "expected the 14 get-log variants of the catalog in " + catalog() + ", found " + vs.size());
        assertTrue(vs.stream().anyMatch(v -> v.expect() == Expect.SAFE));
        assertTrue(vs.stream().anyMatch(v -> v.expect() == Expect.LOST_WRITE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void verdictIsTheExpectedOne(Variant v) throws Exception {
        assertNotNull(v.expect(), v.name() + " has no expect");
        BackendResult first = result(v).get();
        Verdict want = v.expect() == Expect.SAFE ? Verdict.SAFE : Verdict.UNSAFE;
        BackendResult r = first;
        if (want == Verdict.UNSAFE && first.verdict() == Verdict.SAFE) {
            // the default budget explored too few interleavings this time (srcu-protect-before-sync-cached needs
            // four thread switches); ten times the budget per scenario must find it, or the back-end has lost it
            r = new LincheckBackend().check(v, new BackendOptions(options().home(), options().workDir(),
                    Duration.ofSeconds(600), Map.of("lincheck.invocations", "1500")));
            System.out.println("lincheck: " + v.name() + " missed at the default budget (" + first.reason()
                    + "); at 1500 executions per scenario: " + r.verdict());
        }
        BackendResult res = r;
        ROWS.put(v.name(), String.format("| %s | %s | %s | %s | %s | %s | %.1f |", v.name(), v.expect().id(),
                res.verdict(), res.explored().get("scenarios"), res.explored().get("invocations"),
                res.explored().get("interleavings"), res.seconds()));
        assertEquals(want, res.verdict(), () -> v.name() + ": " + res.reason() + "\n" + res.columns());
        assertEquals("lincheck", res.backend());
        assertTrue(res.explored().get("scenarios").intValue() >= 1, () -> "explored: " + res.explored());
        assertTrue(res.explored().get("invocations").longValue() >= 1, () -> "explored: " + res.explored());
        if (want == Verdict.UNSAFE) {
            List<String> trace = res.counterexample().lines();
            assertFalse(trace.isEmpty());
            assertTrue(trace.get(trace.size() - 1).startsWith("lost write: page p"), () -> "trace: " + trace);
            for (String s : trace) {
                if (!s.startsWith("lost write")) {
                    Event.parse(s);
                }
            }
            assertTrue(res.columns().contains("lost write: page p"), res.columns());
            assertTrue(res.reason().contains("loses the same write"), () -> "the replay must reproduce: " + res.reason());
        } else {
            assertTrue(res.counterexample() == null);
            assertTrue(res.reason().contains("no lost write"), res.reason());
        }
    }

    @AfterAll
    static void writeTable() throws IOException {
        if (ROWS.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("| variant | expect | verdict | scenarios | invocations | distinct interleavings | seconds |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String row : ROWS.values()) {
            sb.append(row).append('\n');
        }
        Path out = Paths.get("target", "lincheck-catalog.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.println(sb);
    }
}
