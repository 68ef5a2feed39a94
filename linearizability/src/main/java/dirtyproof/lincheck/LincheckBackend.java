package dirtyproof.lincheck;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Subprocess;
import dirtyproof.backend.Verdict;
import dirtyproof.backend.WorkDirs;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Json;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code lincheck} back-end (docs/verdicts.md): Lincheck's model checker explores interleavings of the
 * Java implementation of a variant and checks NoLostWrite after every explored execution
 * ({@link ProtocolCheck}, {@link ProtocolModel}, the family's scenarios).
 *
 * <p>The check runs in a forked JVM with the class path of this one (plus
 * {@code -XX:+EnableDynamicAgentLoading} for Lincheck's agent): the variant goes in as a YAML file written by
 * {@link VariantLoader#toYaml}, the outcome comes back as a small properties file. A hang is killed at
 * {@link BackendOptions#timeout()} and a crash is INCONCLUSIVE; Lincheck's instrumentation never touches
 * the CLI's own JVM.
 *
 * <p>Knobs ({@link BackendOptions#extra}):
 * <ul>
 *   <li>{@code lincheck.invocations}: the most executions Lincheck explores per concurrent scenario (default
 *       {@value #DEFAULT_PER_SCENARIO});</li>
 *   <li>{@code lincheck.budget}: the most executions over all the concurrent scenarios (default
 *       {@value #DEFAULT_BUDGET}), shared evenly, smallest scenarios first; scenarios with fewer than two threads
 *       are one sequence each, run directly;</li>
 *   <li>{@code lincheck.granularity}: {@code step} (default, every {@code take} atomic) or {@code memory};</li>
 *   <li>{@code lincheck.jvm-args}: extra arguments for the forked JVM, space separated;</li>
 *   <li>{@code lincheck.keep=true}: keep the run directory (it is kept anyway when the result names it: an
 *       inconclusive run; otherwise it is deleted when the check is over).</li>
 * </ul>
 */
public final class LincheckBackend implements Backend {

    public static final String NAME = "lincheck";

    /**
     * The fewest executions explored per variant by default, shared by its concurrent scenarios; the default
     * budget is {@link ProtocolCheck#MIN_SHARE} per concurrent scenario when that is more ({@link
     * ProtocolCheck#autoBudget}).
     */
    public static final int DEFAULT_BUDGET = 2000;
    /** The most executions per concurrent scenario by default. */
    public static final int DEFAULT_PER_SCENARIO = 150;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BackendOption> options() {
        return List.of(
                BackendOption.value("lincheck.invocations", "[1-9][0-9]{0,6}", String.valueOf(DEFAULT_PER_SCENARIO),
                        "the most executions Lincheck explores per concurrent scenario"),
                BackendOption.value("lincheck.budget", ProtocolCheck.AUTO + "|[1-9][0-9]{0,7}", ProtocolCheck.AUTO,
                        "the most executions over all the concurrent scenarios of a variant, smallest first (auto: "
                                + ProtocolCheck.MIN_SHARE + " per concurrent scenario, at least " + DEFAULT_BUDGET + ")"),
                BackendOption.choice("lincheck.granularity", List.of("step", "memory"), "step",
                        "where Lincheck may switch threads: between steps, or at every shared-memory access"),
                BackendOption.value("lincheck.jvm-args", ".*", "", "extra arguments for the forked JVM"),
                BackendOption.choice("lincheck.keep", List.of("true", "false"), "false", "keep the run directory"));
    }

    @Override
    public BackendResult run(Variant variant, BackendOptions options) throws Exception {
        return checkOrThrow(variant, options, System.nanoTime());
    }

    /** The most executions per concurrent scenario for these options. */
    static int invocations(Variant variant, BackendOptions options) {
        return positive(options, "lincheck.invocations", DEFAULT_PER_SCENARIO);
    }

    /**
     * The budget argument of the forked check for these options: the number given, validated here, or {@link
     * ProtocolCheck#AUTO} (the default), which the child turns into {@link ProtocolCheck#MIN_SHARE} executions per
     * concurrent scenario, at least {@link #DEFAULT_BUDGET}, from the scenarios it generates anyway
     * ({@link ProtocolCheck#autoBudget}).
     */
    static String budget(BackendOptions options) {
        String given = options.extra("lincheck.budget", ProtocolCheck.AUTO).trim();
        return given.equals(ProtocolCheck.AUTO) ? ProtocolCheck.AUTO
                : String.valueOf(positive(options, "lincheck.budget", DEFAULT_BUDGET));
    }

    private static int positive(BackendOptions options, String key, int dflt) {
        String given = options.extra(key, "");
        if (given.isBlank()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number" + (key.equals("lincheck.budget")
                    ? " or auto" : "") + ", not '" + given + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + n);
        }
        return n;
    }

    private BackendResult checkOrThrow(Variant variant, BackendOptions options, long t0) throws IOException,
            InterruptedException {
        int invocations;
        String budget;
        ProtocolCheck.Granularity granularity;
        try {
            invocations = invocations(variant, options);
            budget = budget(options);
            granularity = ProtocolCheck.Granularity.parse(options.extra("lincheck.granularity", "step"));
        } catch (IllegalArgumentException e) {
            return BackendResult.inconclusive(NAME, since(t0), e.getMessage());
        }
        Path dir = WorkDirs.create(options.workDir(), "lincheck", variant.name());
        Path yaml = dir.resolve("variant.yaml");
        Path result = dir.resolve("result.properties");
        Path report = dir.resolve("lincheck-report.txt");
        Path log = dir.resolve("child.log");
        Files.writeString(yaml, VariantLoader.toYaml(variant), StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocess.java());
        cmd.add("-XX:+EnableDynamicAgentLoading");
        // C1 only: Lincheck's instrumented code is large and short-lived; C2 compiling it costs more than it saves
        cmd.add("-XX:TieredStopAtLevel=1");
        // Lincheck writes its agent's bootstrap jar to a temporary file and never deletes it (nor would a
        // deleteOnExit: the child ends with Runtime.halt, ProtocolCheck.main): in the shared temporary folder one
        // jar was left per variant checked (891 in /tmp after a day's runs); in the run directory it goes with it
        cmd.add("-Djava.io.tmpdir=" + dir.toAbsolutePath());
        String extraArgs = options.extra("lincheck.jvm-args", "");
        if (!extraArgs.isBlank()) {
            cmd.addAll(Arrays.asList(extraArgs.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(ProtocolCheck.class.getName());
        cmd.add(yaml.toString());
        cmd.add(result.toString());
        cmd.add(String.valueOf(invocations));
        cmd.add(granularity.id());
        cmd.add(report.toString());
        cmd.add(budget);
        Subprocess.Outcome run = Subprocess.run(cmd, dir, log, options.timeout());
        if (run.timedOut()) {
            return WorkDirs.finish(dir, BackendResult.inconclusive(NAME, since(t0), "Lincheck did not finish within "
                    + options.timeout().toSeconds() + " s (timeout); the forked JVM was killed (run directory: "
                    + dir + ")"), true);
        }
        int code = run.exit();
        if (!Files.isRegularFile(result)) {
            return WorkDirs.finish(dir, BackendResult.inconclusive(NAME, since(t0), "the forked Lincheck JVM exited "
                    + "with code " + code + " and wrote no result; its last output:\n" + tail(log) + "\n(run directory: "
                    + dir + ")"), true);
        }
        // kept when the result points at it (an inconclusive run names its "run directory") or lincheck.keep asks
        return WorkDirs.finish(dir, decide(result, since(t0), dir),
                Boolean.parseBoolean(options.extra("lincheck.keep", "false")));
    }

    /** Reads the child's result file into a verdict. Package-private for tests. */
    static BackendResult decide(Path result, double seconds, Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(result)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return BackendResult.inconclusive(NAME, seconds, "cannot read the Lincheck result " + result + ": " + e);
        }
        String v = p.getProperty(ProtocolCheck.VERDICT, "");
        Map<String, Number> explored = new LinkedHashMap<>();
        int total;
        int skipped;
        try {
            total = Integer.parseInt(p.getProperty(ProtocolCheck.PROBES_TOTAL, "-1"));
            skipped = Integer.parseInt(p.getProperty(ProtocolCheck.SKIPPED, "0"));
            explored.put("scenarios", Integer.parseInt(p.getProperty(ProtocolCheck.PROBES, "0")));
            explored.put("scenarios-total", Math.max(0, total));
            explored.put("sequential", Long.parseLong(p.getProperty(ProtocolCheck.SEQUENTIAL, "0")));
            explored.put("invocations", Long.parseLong(p.getProperty(ProtocolCheck.INVOCATIONS, "0")));
            explored.put("interleavings", Long.parseLong(p.getProperty(ProtocolCheck.INTERLEAVINGS, "0")));
            String pairs = p.getProperty(ProtocolCheck.PAIRS, "");
            explored.put("pairs", pairs.isBlank() ? 0 : pairs.split(",").length);
        } catch (NumberFormatException e) {
            return BackendResult.inconclusive(NAME, seconds, "the Lincheck result " + result
                    + " has counts that are not numbers: " + e.getMessage());
        }
        String reason = p.getProperty(ProtocolCheck.REASON, "");
        switch (v) {
            case "SAFE": {
                int ran = explored.get("scenarios").intValue();
                if (total < 1 || ran + skipped != total || ran < 1 || explored.get("invocations").longValue() < ran) {
                    return BackendResult.inconclusive(NAME, explored, seconds, "the Lincheck result says SAFE but"
                            + " its scenarios do not add up (" + ran + " run, " + skipped + " left out of " + total + ", "
                            + explored.get("invocations") + " invocations): " + reason);
                }
                return BackendResult.safe(NAME, false, explored, seconds, reason);
            }
            case "UNSAFE": {
                Counterexample cx;
                try {
                    cx = Counterexample.fromMap(Json.read(p.getProperty(ProtocolCheck.COUNTEREXAMPLE, "")));
                } catch (RuntimeException e) {
                    cx = null;
                }
                if (cx == null || cx.events().isEmpty() || cx.lost().isEmpty()) {
                    return BackendResult.inconclusive(NAME, explored, seconds, "the Lincheck result says UNSAFE but"
                            + " carries no counterexample ending with a lost write: " + reason + " (run directory: "
                            + dir + ")");
                }
                return BackendResult.unsafe(NAME, false, explored, seconds, cx,
                        Boolean.parseBoolean(p.getProperty(ProtocolCheck.REPLAYED, "false")), reason);
            }
            case "INCONCLUSIVE":
                return BackendResult.inconclusive(NAME, explored, seconds, reason + " (run directory: " + dir + ")");
            default:
                return BackendResult.inconclusive(NAME, explored, seconds, "the Lincheck result " + result
                        + " has no verdict (verdict=" + v + ")");
        }
    }

    /** This JVM's class path with every entry made absolute: the child runs in the run directory. */
    static String classPath() {
        List<String> r = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                r.add(Paths.get(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, r);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> kept = new ArrayList<>();
            boolean warning = false;
            for (String l : lines) {
                // Lincheck's agent warns (with a stack trace) about classes it cannot instrument; they say
                // nothing about the failure
                if (l.startsWith("[WARN]")) {
                    warning = true;
                } else if (!(warning && (l.startsWith("\t") || l.startsWith(" "))) && !l.isBlank()) {
                    warning = false;
                    kept.add(l);
                }
            }
            return String.join("\n", kept.subList(Math.max(0, kept.size() - 30), kept.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static double since(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
