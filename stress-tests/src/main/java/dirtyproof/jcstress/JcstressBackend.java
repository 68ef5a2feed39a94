package dirtyproof.jcstress;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Subprocess;
import dirtyproof.backend.WorkDirs;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Json;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Reorder;
import dirtyproof.run.Run;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jcstress back-end (docs/verdicts.md): runs {@link ProtocolRace} on the variant in a forked jcstress, on real
 * threads, JIT and hardware, and reads what it observed.
 *
 * <ul>
 *   <li>UNSAFE: jcstress observed the forbidden outcome (a lost write) at least once; the result carries the
 *       counts and, when the forked JVM could save it, the events of one losing run.</li>
 *   <li>SAFE: jcstress ran to completion, the test ran, and no forbidden sample was seen among the samples
 *       reported.</li>
 *   <li>INCONCLUSIVE: everything else: the jar is not built, the protocol has no implementation to stress,
 *       no test matched (jcstress exits 0 then), the actors could not be scheduled, the test errored, the
 *       fork crashed, the output could not be read, or the timeout passed (the process tree is killed).</li>
 * </ul>
 *
 * Knobs ({@link BackendOptions#extra()}): {@value #MODE} = short | sanity | quick | default | tough | stress
 * (see {@link #modeArgs}; default {@value #DEFAULT_MODE}), {@value #TEST} = the jcstress test selector (a regexp;
 * default the protocol test), {@value #BURST} = guest writes per vCPU burst (default
 * {@value VariantHolder#DEFAULT_BURST}).
 */
public final class JcstressBackend implements Backend {

    public static final String NAME = "jcstress";
    public static final String MODE = "jcstress.mode";
    public static final String TEST = "jcstress.test";
    public static final String BURST = "jcstress.burst";
    /** The mode when none is given: see stress-tests/BENCHMARKS.md for why. */
    public static final String DEFAULT_MODE = "short";
    /** short, then jcstress's own presets from the shortest to the longest. */
    public static final List<String> MODES = List.of("short", "sanity", "quick", "default", "tough", "stress");
    /** Where `mvn package` of stress-tests puts the shaded jar, relative to the checkout. */
    public static final String JAR = "stress-tests/target/jcstress.jar";
    public static final String TEST_CLASS = ProtocolRace.class.getName();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BackendOption> options() {
        return List.of(
                BackendOption.choice(MODE, MODES, DEFAULT_MODE, "jcstress budget: short (one JVM configuration, 1 s,"
                        + " ~20 s a variant), or jcstress's presets sanity (a smoke test, too few samples to call"
                        + " anything safe), quick, default, tough, stress"),
                BackendOption.value(TEST, ".+", "", "the jcstress test selector (a regular expression)"),
                BackendOption.value(BURST, "[1-9][0-9]{0,3}", String.valueOf(VariantHolder.DEFAULT_BURST),
                        "guest writes per vCPU burst"));
    }

    @Override
    public BackendResult run(Variant variant, BackendOptions options) throws Exception {
        return run(variant, options, System.nanoTime());
    }

    private BackendResult run(Variant variant, BackendOptions options, long start)
            throws IOException, InterruptedException {
        String mode = options.extra(MODE, DEFAULT_MODE);
        if (!MODES.contains(mode)) {
            return BackendResult.inconclusive(NAME, seconds(start), "unknown jcstress mode '" + mode
                    + "'; valid modes: " + String.join(", ", MODES));
        }
        String burst = options.extra(BURST, String.valueOf(VariantHolder.DEFAULT_BURST));
        if (!burst.matches("[0-9]{1,5}") || Integer.parseInt(burst) < 1 || Integer.parseInt(burst) > 10_000) {
            return BackendResult.inconclusive(NAME, seconds(start), "jcstress.burst = '" + burst
                    + "' is not a number of guest writes in 1..10000");
        }
        Path jar = options.home().resolve(JAR).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            return BackendResult.inconclusive(NAME, seconds(start), "the jcstress jar " + jar + " is not built; "
                    + "build it with: mvn -B -pl stress-tests -am package -DskipTests (from " + options.home() + ")");
        }
        // jcstress splits its JVM options at spaces: a work folder whose path has one is replaced by the user's
        // own under java.io.tmpdir
        Path dir = WorkDirs.create(WorkDirs.usableOrTmp(options.workDir()), "jcstress", variant.name());
        Path variantFile = dir.resolve("variant.yaml");
        Files.writeString(variantFile, VariantLoader.toYaml(variant), StandardCharsets.UTF_8);
        Path traces = dir.resolve("traces");
        Path racesFile = dir.resolve("races.tsv");
        List<RaceScenarios.Race> races = RaceScenarios.of(variant);
        if (races.isEmpty()) {
            return WorkDirs.finish(dir, BackendResult.inconclusive(NAME, seconds(start), "no generated scenario of "
                    + variant.name() + " has two threads within its bounds " + variant.bounds()
                    + ": nothing for jcstress to race"), false);
        }
        Files.write(racesFile, RaceScenarios.lines(races), StandardCharsets.UTF_8);
        Path out = dir.resolve("jcstress.out");
        String test = options.extra(TEST, "^" + TEST_CLASS.replace(".", "\\.") + "$");

        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocess.java());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("-t");
        cmd.add(test);
        cmd.addAll(modeArgs(mode));
        cmd.add("-v");
        // short: exactly these JVM arguments (one JVM configuration); the presets: prepended to every
        // configuration jcstress detects
        cmd.add(mode.equals("short") ? "-jvmArgs" : "-jvmArgsPrepend");
        cmd.add(jvmArg(VariantHolder.PROPERTY, variantFile) + " " + jvmArg(VariantHolder.TRACES, traces)
                + " " + jvmArg(VariantHolder.RACES, racesFile)
                + " -D" + VariantHolder.BURST + "=" + burst);
        Duration timeout = options.timeout();
        Subprocess.Outcome run = Subprocess.run(cmd, dir, out, timeout);
        if (run.timedOut()) {
            return WorkDirs.finish(dir, BackendResult.inconclusive(NAME, seconds(start), "jcstress (mode " + mode
                    + ") did not finish within the timeout of " + timeout.toSeconds() + " s; killed. Output: " + out),
                    false);
        }
        int exit = run.exit();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Variant stressed = VariantHolder.stressed(variant, Integer.parseInt(burst));
        // kept when the result points at it (an inconclusive run names its "Output"); deleted otherwise
        return WorkDirs.finish(dir, verdict(JcstressReport.parse(text, TEST_CLASS), exit, mode, traces, out, start,
                stressed, variant), false);
    }

    /**
     * The jcstress options of a mode. sanity, quick, default, tough and stress are jcstress's presets, run on
     * every JVM flag and compilation configuration jcstress detects. short is dirtyproof's: quick's stride
     * settings, one JVM configuration (the variant's properties are passed with -jvmArgs, which turns flag
     * detection off; jcstress still forks with and without biased locking), compilation unified across actors,
     * one fork per configuration, one iteration of one second, no heap pre-touch: hundreds of thousands of
     * samples, enough to hit every catalog race, in about 15 s instead of quick's minutes
     * (see stress-tests/BENCHMARKS.md). sanity runs about a hundred samples in all: a smoke test
     * of the harness, too few to find a narrow race.
     */
    static List<String> modeArgs(String mode) {
        if (mode.equals("short")) {
            return List.of("-m", "quick", "-iters", "1", "-time", "1000", "-sc", "false", "-fsm", "0", "-pth", "false");
        }
        return List.of("-m", mode);
    }

    /** Reads the verdict off what jcstress printed and its exit code: fail closed. */
    static BackendResult verdict(JcstressReport r, int exit, String mode, Path traces, Path out, long start,
                                 Variant stressed) throws IOException {
        return verdict(r, exit, mode, traces, out, start, stressed, null);
    }

    /** As above, with the variant as given (its races name the losing one). */
    static BackendResult verdict(JcstressReport r, int exit, String mode, Path traces, Path out, long start,
                                 Variant stressed, Variant original) throws IOException {
        double secs = seconds(start);
        if (r.noScheduling()) {
            return BackendResult.inconclusive(NAME, secs, "jcstress could not schedule the test's actors on this "
                    + "machine's CPUs (it needs one CPU per actor); no test ran. Output: " + out);
        }
        if (r.noMatchingTests()) {
            return BackendResult.inconclusive(NAME, secs, "jcstress ran no test: \"No matching tests\" (exit "
                    + exit + "); is " + JAR + " built from this checkout? Output: " + out);
        }
        if (!r.completed()) {
            return BackendResult.inconclusive(NAME, secs, "jcstress did not complete (exit " + exit
                    + ", a fork crashed or the harness failed). Output: " + out);
        }
        if (r.category() == JcstressReport.Category.NOT_RUN) {
            return BackendResult.inconclusive(NAME, secs, "jcstress completed (exit " + exit + ") but reported no "
                    + "result for " + TEST_CLASS + ". Output: " + out);
        }
        Map<String, Number> explored = new LinkedHashMap<>();
        explored.put("samples", r.samples());
        explored.put("forbidden", r.forbidden());
        List<JcstressReport.Row> lost = r.observedForbidden();
        if (!lost.isEmpty()) {
            // a real observed forbidden outcome: UNSAFE, whatever else went wrong in other configurations
            return unsafe(r, lost, explored, mode, traces, secs, stressed, original);
        }
        if (r.category() == JcstressReport.Category.ERROR) {
            return BackendResult.inconclusive(NAME, explored, secs, "the jcstress test errored (exit " + exit + "): "
                    + String.join(" | ", r.errorLines().subList(0, Math.min(6, r.errorLines().size())))
                    + ". Output: " + out);
        }
        if (exit != 0) {
            return BackendResult.inconclusive(NAME, explored, secs, "jcstress exited with " + exit
                    + " without a forbidden outcome in its table. Output: " + out);
        }
        if (r.samples() == 0) {
            return BackendResult.inconclusive(NAME, explored, secs, "jcstress ran the test but reported no sample. "
                    + "Output: " + out);
        }
        String covered = "";
        if (original != null) {
            try {
                List<RaceScenarios.Race> races = RaceScenarios.of(original);
                java.util.Set<String> pairs = new java.util.LinkedHashSet<>();
                races.forEach(x -> pairs.add(x.pair()));
                explored.put("races", races.size());
                covered = " of " + races.size() + " races (actor pairs " + String.join(", ", pairs) + ")";
            } catch (RuntimeException e) {
                covered = "";
            }
        }
        return BackendResult.safe(NAME, false, explored, secs, "no lost write in " + r.samples() + " samples" + covered
                + " (jcstress mode " + mode + (mode.equals("sanity") ? ": a smoke test, far too few samples to trust"
                : "") + ")");
    }

    private static BackendResult unsafe(JcstressReport r, List<JcstressReport.Row> lost, Map<String, Number> explored,
                                        String mode, Path traces, double secs, Variant stressed, Variant original)
            throws IOException {
        List<RaceScenarios.Race> races = null;
        try {
            races = original == null ? null : RaceScenarios.of(original);
        } catch (RuntimeException e) {
            races = null;
        }
        String outcome = describe(lost.get(0), races);
        Counterexample cx = null;
        boolean replayed = false;
        Counterexample reported = null;
        String how = "";
        for (Path f : traceFiles(traces)) {
            Counterexample saved;
            try {
                saved = Counterexample.fromMap(((Map<?, ?>) Json.read(Files.readString(f, StandardCharsets.UTF_8)))
                        .get("counterexample"));
            } catch (RuntimeException e) {
                continue;
            }
            if (saved.lost().isEmpty()) {
                continue;
            }
            int page = saved.lost().get(0).page();
            Run run = null;
            if (stressed != null) {
                try {
                    run = Reorder.find(() -> stressed.family().start(stressed), saved.events(),
                            l -> l.stream().anyMatch(w -> w.page() == page));
                } catch (RuntimeException e) {
                    run = null;
                }
            }
            if (run != null) {
                cx = run.counterexample();
                replayed = true;
                how = "; the losing run, reordered into an interleaving that replays in Java: " + cx.lost().get(0);
                break;
            }
            if (reported == null) {
                // keep the first file as reported, in case none replays
                reported = saved;
            }
        }
        if (cx == null && reported != null) {
            cx = reported;
            how = "; the steps as the threads reported them (steps of different threads closer than that may appear"
                    + " out of order): no reordering replays in Java";
        }
        if (cx == null) {
            cx = new Counterexample(List.of(), List.of(), List.of(), List.of(lostWrite(lost.get(0))));
            how = "; no trace of the losing run was saved";
        }
        String summary = "jcstress observed a lost write in " + r.forbidden() + " of " + r.samples()
                + " samples (mode " + mode + "); most frequent: " + outcome + how;
        return BackendResult.unsafe(NAME, false, explored, secs, cx, replayed, summary);
    }

    /** The lost write a forbidden outcome "1, scenario, page, mem, dest" encodes. */
    private static LostWrite lostWrite(JcstressReport.Row row) {
        String[] f = row.result().split(",\\s*");
        if (f.length == 5) {
            try {
                return new LostWrite(Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return new LostWrite(-1, -1, -1);
    }

    /** "1, 1, 0, 5, 2" read back as the outcome it encodes. */
    static String describe(JcstressReport.Row row, List<RaceScenarios.Race> races) {
        String[] f = row.result().split(",\\s*");
        if (f.length == 5) {
            String scenario = "race " + f[1];
            if (races != null && f[1].matches("[0-9]{1,4}") && Integer.parseInt(f[1]) < races.size()) {
                RaceScenarios.Race r = races.get(Integer.parseInt(f[1]));
                scenario = "race " + f[1] + " (" + r.pair() + "): " + r.name();
            }
            return "lost write: page p" + f[2] + " mem=" + f[3] + " dest=" + f[4] + " in " + scenario + ", "
                    + row.samples() + " samples";
        }
        return row.result() + " (" + row.samples() + " samples): " + row.description();
    }

    /** The losing runs the forked JVMs saved, shortest first (they read best). */
    private static List<Path> traceFiles(Path traces) throws IOException {
        if (!Files.isDirectory(traces)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(traces)) {
            List<Path> l = s.filter(f -> f.getFileName().toString().endsWith(".json")).collect(Collectors.toList());
            Map<Path, Long> size = new LinkedHashMap<>();
            for (Path f : l) {
                size.put(f, Files.size(f));
            }
            l.sort((a, b) -> a.equals(b) ? 0 : size.get(a).equals(size.get(b)) ? a.compareTo(b)
                    : Long.compare(size.get(a), size.get(b)));
            return l.size() > 12 ? l.subList(0, 12) : l;
        }
    }

    private static String jvmArg(String property, Path value) {
        String v = value.toAbsolutePath().toString();
        if (v.chars().anyMatch(Character::isWhitespace)) {
            // jcstress splits the option line at spaces
            throw new IllegalArgumentException("the work directory " + v + " contains whitespace; jcstress cannot "
                    + "pass it to its forked JVMs: choose a work directory without spaces");
        }
        return "-D" + property + "=" + v;
    }

    private static double seconds(long start) {
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }
}
