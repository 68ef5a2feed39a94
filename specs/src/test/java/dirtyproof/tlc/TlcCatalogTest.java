package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * TLC on every get-log variant of the catalog (../variants): the verdict must be the one the variant expects,
 * the distinct-state count the one recorded in specs/manifest.tsv, and every counterexample must replay in the
 * Java implementation to the same lost write. A back-end that stops finding a known lost write, or a spec edit
 * that silently changes the state space, fails here.
 *
 * <p>The measured times go to target/tlc-catalog.tsv (for BENCHMARKS.md).
 */
class TlcCatalogTest {

    private static final List<String> TIMES = new ArrayList<>();
    private static final List<String> OBSERVED = new ArrayList<>();

    static Path variantsDir() {
        return Paths.get(System.getProperty("dirtyproof.variants", "../variants"));
    }

    static Path specsDir() {
        return Paths.get(System.getProperty("dirtyproof.specs", "."));
    }

    static BackendOptions options() {
        Path home = specsDir().toAbsolutePath().getParent();
        return new BackendOptions(home, specsDir().toAbsolutePath().resolve("target").resolve("tlc-work"),
                Duration.ofMinutes(5), Map.of());
    }

    /**
     * -Ddirtyproof.tlc.symmetry=false checks the catalog with every naming of the vCPUs counted against
     * manifest-no-symmetry.tsv, the counts from before the vCPUs were a symmetry set.
     */
    static final boolean SYMMETRY = Boolean.parseBoolean(System.getProperty("dirtyproof.tlc.symmetry", "true"));

    /** One worker: TLC's breadth-first search is then deterministic, and so are the manifest's counts. */
    static BackendOptions deterministic() {
        return options().withExtra(Map.of("tlc.workers", "1", "tlc.symmetry", String.valueOf(SYMMETRY)));
    }

    @TestFactory
    List<DynamicTest> everyGetLogVariantOfTheCatalog() throws IOException {
        List<Variant> catalog = VariantLoader.load(List.of(variantsDir())).stream()
                .filter(v -> v.protocol().equals("get-log")).collect(Collectors.toList());
        assertFalse(catalog.isEmpty(), "no get-log variant in " + variantsDir().toAbsolutePath());
        Manifest manifest = Manifest.read(specsDir().resolve(SYMMETRY ? Manifest.FILE : Manifest.NO_SYMMETRY));
        List<DynamicTest> tests = new ArrayList<>();
        for (Variant v : catalog) {
            tests.add(DynamicTest.dynamicTest(v.name(), () -> check(v, manifest)));
        }
        return tests;
    }

    /** The ring families' variants (variants/ring, variants/ring-with-bitmap) on specs/DirtyRing.tla. */
    @TestFactory
    List<DynamicTest> everyRingVariantOfTheCatalog() throws IOException {
        List<Variant> catalog = VariantLoader.load(List.of(variantsDir())).stream()
                .filter(v -> v.protocol().equals("ring") || v.protocol().equals("ring-with-bitmap"))
                .collect(Collectors.toList());
        assertFalse(catalog.isEmpty(), "no ring variant in " + variantsDir().toAbsolutePath());
        Manifest manifest = Manifest.read(specsDir().resolve(Manifest.FILE));
        List<DynamicTest> tests = new ArrayList<>();
        for (Variant v : catalog) {
            tests.add(DynamicTest.dynamicTest(v.name(), () -> check(v, manifest)));
        }
        return tests;
    }

    private static void check(Variant v, Manifest manifest) {
        assertNotNull(v.expect(), v.name() + " states no expected verdict");
        long t0 = System.nanoTime();
        BackendResult r = new TlcBackend().check(v, deterministic());
        double wall = (System.nanoTime() - t0) / 1e9;
        long states = r.explored().getOrDefault("states", -1).longValue();
        long depth = r.explored().getOrDefault("depth", -1).longValue();
        synchronized (TIMES) {
            TIMES.add(String.join("\t", v.name(), v.bounds().toString(), r.verdict().toString(),
                    String.valueOf(states), String.valueOf(depth), String.valueOf(Manifest.steps(r)),
                    String.format("%.2f", r.seconds()), String.format("%.2f", wall)));
        }
        synchronized (OBSERVED) {
            OBSERVED.add(Manifest.line(v, r));
        }
        Verdict expected = v.expect() == Expect.SAFE ? Verdict.SAFE : Verdict.UNSAFE;
        assertEquals(expected, r.verdict(), v.name() + ": " + r.reason());
        Manifest.Entry e = manifest.get(v);
        if (e == null) {
            fail(v.name() + " " + v.bounds() + " is not in specs/" + Manifest.FILE + "; add the line\n"
                    + Manifest.line(v, r));
        }
        assertEquals(e.verdict(), r.verdict().toString(), v.name() + ": verdict differs from the manifest");
        String update = "; if the spec change is intended, update specs/" + Manifest.FILE + " to\n" + Manifest.line(v, r);
        assertEquals(e.states(), states, v.name() + ": TLC found " + states + " distinct states, the manifest says "
                + e.states() + update);
        assertEquals(e.depth(), depth, v.name() + ": depth " + depth + ", the manifest says " + e.depth() + update);
        assertEquals(e.traceSteps(), Manifest.steps(r), v.name() + ": the counterexample has " + Manifest.steps(r)
                + " steps, the manifest says " + e.traceSteps() + update);
        if (r.verdict() == Verdict.UNSAFE) {
            replaysToTheSameLostWrite(v, r);
        }
    }

    /** The counterexample as an explicit schedule, run again through the Java implementation. */
    static void replaysToTheSameLostWrite(Variant v, BackendResult r) {
        List<String> trace = r.counterexample().lines();
        assertTrue(trace.size() >= 2, "an unsafe verdict carries a trace");
        String lostLine = trace.get(trace.size() - 1);
        assertTrue(lostLine.startsWith("lost write: "), "the trace ends with the lost write: " + lostLine);
        List<Event> events = r.counterexample().events();
        Run run = ScheduleDriver.replay(v.family().start(v), events);
        assertTrue(run.lostWrite(), v.name() + ": the Java replay loses no write:\n" + run.render());
        List<String> javaLost = run.lost().stream().map(LostWrite::toString).collect(Collectors.toList());
        List<String> tlcLost = trace.stream().filter(s -> s.startsWith("lost write")).collect(Collectors.toList());
        assertEquals(tlcLost, javaLost, v.name() + ": Java and TLC lose different writes");
        assertTrue(r.columns().contains(lostLine), "the columns end with the lost write:\n" + r.columns());
    }

    @AfterAll
    static void writeTimes() throws IOException {
        Path out = specsDir().resolve("target").resolve("tlc-catalog.tsv");
        Files.createDirectories(out.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("variant\tbounds\tverdict\tstates\tdepth\ttrace-steps\ttlc-seconds\twall-seconds");
        lines.addAll(TIMES);
        Files.write(out, lines, StandardCharsets.UTF_8);
        Files.write(out.resolveSibling("manifest-observed.tsv"), OBSERVED, StandardCharsets.UTF_8);
    }
}
