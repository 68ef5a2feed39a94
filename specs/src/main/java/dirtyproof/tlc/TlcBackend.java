package dirtyproof.tlc;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.WorkDirs;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.run.ScheduleException;
import dirtyproof.variant.Variant;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code tlc} back-end (docs/verdicts.md): model-checks a variant with TLC on its family's TLA+ module
 * ({@link dirtyproof.family.Family#tla}: specs/DirtyLog.tla for get-log).
 *
 * <ol>
 *   <li>Writes the TLA+ modules the family's model names ({@link TlaModel#modules}: the machine DirtyMachine.tla
 *       and the family module that extends it; resources of this jar), an instance module MC.tla and MC.cfg for
 *       the variant into a fresh directory under {@code options.workDir()/tlc}.</li>
 *   <li>Runs TLC as a subprocess ({@link Tlc}) and reads its {@code -tool} messages ({@link TlcOutput}).</li>
 *   <li>SAFE only on TLC's success message with exit code 0. A NoLostWrite violation (exit 12) is read back
 *       into the step vocabulary ({@link TlcTrace}) and replayed in the Java implementation: step by step,
 *       comparing the machine after every step, then through {@link ScheduleDriver#replay}; it is UNSAFE only
 *       when Java loses exactly the writes TLC lost. Anything else -- another exit code, a timeout, output
 *       that cannot be read, a TypeOK violation, a deadlock, a replay that disagrees -- is INCONCLUSIVE with
 *       the reason.</li>
 * </ol>
 *
 * Knobs ({@link BackendOptions#extra}): {@code tlc.workers} (default {@code auto}); {@code tlc.spec}, a .tla file
 * that replaces the packaged module its {@code MODULE} line names (so a replacement DirtyLog.tla under any file
 * name replaces DirtyLog), or a folder whose every .tla file does so (spec development, tests; also the system
 * property {@code dirtyproof.tlc.spec}, so that a CLI run can be pointed at a broken spec);
 * {@code tlc.invariants}, a comma list replacing {@code TypeOK,NoLostWrite} (e.g. to add the diagnostic
 * {@code LoggedOrProtected}); {@code tlc.keep=true} keeps the run directory.
 */
public final class TlcBackend implements Backend {

    public static final String NAME = "tlc";
    /** The folder of the specs jar that holds the modules (specs/pom.xml packages every specs/*.tla). */
    public static final String MODULE_RESOURCES = "/dirtyproof/tlc/";

    private static final Pattern MODULE_LINE = Pattern.compile("^-{4,}\\s*MODULE\\s+(\\w+)\\s*-{4,}",
            Pattern.MULTILINE);

    /**
     * For spec development without the CLI: {@code java -cp ... dirtyproof.tlc.TlcBackend VARIANT.yaml...}
     * prints each verdict, TLC's counts and the counterexample. Exit code 0 when every verdict matches the
     * variant's expectation, 1 otherwise, 3 when one is inconclusive.
     */
    public static void main(String[] args) {
        int exit = 0;
        for (Variant v : dirtyproof.variant.VariantLoader.load(Arrays.stream(args).map(Paths::get)
                .collect(java.util.stream.Collectors.toList()))) {
            BackendResult r = new TlcBackend().check(v, BackendOptions.defaults());
            System.out.println(v.name() + " " + v.bounds() + ": " + r.verdict() + " " + r.explored() + " "
                    + r.seconds() + " s\n  " + r.reason());
            if (r.counterexample() != null) {
                System.out.println(r.columns());
            }
            if (r.verdict() == dirtyproof.backend.Verdict.INCONCLUSIVE) {
                exit = 3;
            } else if (v.expect() != null && (r.verdict() == dirtyproof.backend.Verdict.SAFE)
                    != (v.expect() == dirtyproof.variant.Expect.SAFE) && exit == 0) {
                exit = 1;
            }
        }
        System.exit(exit);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BackendOption> options() {
        return List.of(
                BackendOption.value("tlc.workers", "auto|[1-9][0-9]?", "auto", "TLC worker threads (auto: one per core)"),
                BackendOption.value("tlc.spec", ".+", "", "another family module (.tla) to check instead of the packaged one"),
                BackendOption.value("tlc.invariants", "[A-Za-z][A-Za-z0-9_]*(,[A-Za-z][A-Za-z0-9_]*)*", "",
                        "invariants to check instead of the family's (e.g. TypeOK,NoLostWrite,LoggedOrProtected)"),
                BackendOption.choice("tlc.keep", List.of("true", "false"), "false", "keep TLC's run directory"));
    }

    @Override
    public BackendResult run(Variant variant, BackendOptions options) throws Exception {
        return checkOrThrow(variant, options, System.nanoTime());
    }

    private BackendResult checkOrThrow(Variant variant, BackendOptions options, long t0) throws IOException,
            InterruptedException {
        TlaModel tla = variant.family().tla(variant);
        List<String> invariants = invariants(options, tla);
        Path dir = WorkDirs.create(options.workDir(), "tlc", variant.name());
        boolean keep = Boolean.parseBoolean(options.extra("tlc.keep", "false"));
        for (Map.Entry<String, String> m : modules(options, tla.modules()).entrySet()) {
            Files.writeString(dir.resolve(m.getKey() + ".tla"), m.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve(TlcModel.MODULE + ".tla"), TlcModel.module(variant, tla), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(TlcModel.MODULE + ".cfg"), TlcModel.config(variant, tla, invariants),
                StandardCharsets.UTF_8);
        Tlc.Result r = Tlc.run(dir, TlcModel.MODULE, options.extra("tlc.workers", "auto"), options.timeout());
        // kept when the result points at it (an inconclusive run names "TLC's files") or tlc.keep asks for it
        return WorkDirs.finish(dir, decide(variant, r, dir, since(t0)), keep);
    }

    /** Turns a TLC run into a verdict. Package-private for tests. */
    BackendResult decide(Variant variant, Tlc.Result r, Path dir, double seconds) {
        TlcOutput out = TlcOutput.parse(r.output());
        String where = " (TLC's files: " + dir + ")";
        if (r.timedOut()) {
            return BackendResult.inconclusive(NAME, explored(out), seconds, "TLC did not finish within "
                    + String.format(java.util.Locale.ROOT, "%.1f", r.seconds()) + " s (timeout); last progress: " + lastProgress(out) + where);
        }
        if (r.exitCode() == 0) {
            if (out.has(TlcOutput.SUCCESS) && out.distinctStates() >= 0 && !out.has(TlcOutput.INVARIANT_VIOLATED)) {
                return BackendResult.safe(NAME, true, explored(out), seconds, "TLC: "
                        + out.first(TlcOutput.SUCCESS).get().body().lines().findFirst().orElse("")
                        + " " + out.distinctStates() + " distinct states, depth " + out.depth());
            }
            return BackendResult.inconclusive(NAME, explored(out), seconds, "TLC exited with 0 but did not report"
                    + " a completed model check: " + tail(r.output()) + where);
        }
        if (r.exitCode() == TlcOutput.EXIT_VIOLATION && out.has(TlcOutput.INVARIANT_VIOLATED)) {
            String which = out.first(TlcOutput.INVARIANT_VIOLATED).get().body();
            if (!which.contains("NoLostWrite")) {
                return BackendResult.inconclusive(NAME, explored(out), seconds, "TLC: " + which
                        + " -- the specification is broken, not the variant" + where);
            }
            return unsafe(variant, out, seconds, where);
        }
        String errors = out.errors();
        return BackendResult.inconclusive(NAME, explored(out), seconds, "TLC exited with code " + r.exitCode()
                + " (" + exitMeaning(r.exitCode()) + "): " + (errors.isEmpty() ? tail(r.output()) : errors) + where);
    }

    private BackendResult unsafe(Variant variant, TlcOutput out, double seconds, String where) {
        TlcTrace trace;
        try {
            trace = TlcTrace.of(out.trace());
        } catch (RuntimeException e) {
            return BackendResult.inconclusive(NAME, explored(out), seconds,
                    "TLC found a NoLostWrite violation but its trace could not be read: " + e.getMessage() + where);
        }
        List<LostWrite> tlcLost = trace.lostWrites();
        List<String> tlcLines = trace.lines();
        String disagree = replayStepwise(variant, trace);
        Run run = null;
        if (disagree == null) {
            try {
                run = ScheduleDriver.replay(variant.family().start(variant), trace.events());
                if (!run.lost().equals(tlcLost)) {
                    disagree = "TLC loses " + tlcLost + " but the Java implementation, replaying the same steps, loses "
                            + (run.lost().isEmpty() ? "nothing" : run.lost());
                }
            } catch (ScheduleException e) {
                disagree = "the Java implementation cannot replay the TLC trace: " + e.getMessage();
            }
        }
        if (tlcLost.isEmpty()) {
            disagree = "TLC reports NoLostWrite violated but its last state has dest = mem";
        }
        if (disagree != null) {
            String java = run == null ? "" : "\nJava run:\n" + run.render();
            return BackendResult.inconclusive(NAME, explored(out), seconds, "spec and implementation disagree: "
                    + disagree + "\nTLC trace:\n" + String.join("\n", tlcLines) + java + where);
        }
        Counterexample cx = Counterexample.of(run.migration(), run.events(), run.notes(), tlcLost);
        return BackendResult.unsafe(NAME, true, explored(out), seconds, cx, "TLC: NoLostWrite violated after "
                + trace.events().size() + " steps (" + out.distinctStates() + " distinct states); "
                + tlcLost.get(0) + "; the Java implementation loses the same write");
    }

    /**
     * Takes the trace's events one by one in a fresh Java migration and compares the machine with the TLC state
     * after every step. Returns null when they agree, else where and how they differ.
     */
    static String replayStepwise(Variant variant, TlcTrace trace) {
        Migration mig = variant.family().start(variant);
        List<String> d = trace.differences(0, mig.observe());
        if (!d.isEmpty()) {
            return "the initial states differ: " + d;
        }
        List<Event> events = trace.events();
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            if (!mig.take(e)) {
                return "TLC step " + (k + 1) + " '" + e + "' (" + trace.actions().get(k + 1)
                        + ") is not enabled in the Java implementation; Java's enabled steps: " + mig.enabled()
                        + "\nJava state: " + mig;
            }
            d = trace.differences(k + 1, mig.observe());
            if (!d.isEmpty()) {
                return "after TLC step " + (k + 1) + " '" + e + "' the machines differ: " + d + "\nJava state: " + mig;
            }
        }
        return null;
    }

    private static Map<String, Number> explored(TlcOutput out) {
        Map<String, Number> m = new LinkedHashMap<>();
        if (out.distinctStates() >= 0) {
            m.put("states", out.distinctStates());
        }
        if (out.depth() >= 0) {
            m.put("depth", out.depth());
        }
        if (out.statesGenerated() >= 0) {
            m.put("generated", out.statesGenerated());
        }
        return m;
    }

    private static List<String> invariants(BackendOptions options, TlaModel tla) {
        String s = options.extra("tlc.invariants", "");
        if (s.isBlank()) {
            return tla.invariants();
        }
        List<String> r = new ArrayList<>();
        for (String x : s.split(",")) {
            if (!x.isBlank()) {
                r.add(x.strip());
            }
        }
        return r;
    }

    /**
     * Module name -> text of every module of {@code names} (the family's {@link TlaModel#modules}): the packaged
     * one, or the one {@code tlc.spec} replaces it with. Throws (and so makes the run INCONCLUSIVE) on an override
     * that is not a module of the list.
     */
    static Map<String, String> modules(BackendOptions options, List<String> names) throws IOException {
        Map<String, String> r = new LinkedHashMap<>();
        for (String m : names) {
            try (InputStream in = TlcBackend.class.getResourceAsStream(MODULE_RESOURCES + m + ".tla")) {
                if (in == null) {
                    throw new IOException(m + ".tla is not packaged with the TLC back-end (resource "
                            + MODULE_RESOURCES + m + ".tla)");
                }
                r.put(m, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String override = options.extra("tlc.spec", System.getProperty("dirtyproof.tlc.spec", ""));
        if (override.isBlank()) {
            return r;
        }
        Path p = Paths.get(override);
        List<Path> files = List.of(p);
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(f -> f.getFileName().toString().endsWith(".tla")).sorted()
                        .collect(Collectors.toList());
            }
            if (files.isEmpty()) {
                throw new IOException("tlc.spec: the folder " + p + " holds no .tla file");
            }
        }
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher mod = MODULE_LINE.matcher(text);
            String name = mod.find() ? mod.group(1) : null;
            if (!r.containsKey(name)) {
                throw new IOException("tlc.spec: " + f + (name == null ? " has no MODULE line" : " is module " + name)
                        + "; it must be one of the modules it replaces: " + names);
            }
            r.put(name, text);
        }
        return r;
    }

    private static String lastProgress(TlcOutput out) {
        String r = "none";
        for (TlcOutput.Message m : out.messages()) {
            if (m.code() == 2200 || m.code() == TlcOutput.STATS) {
                r = m.body();
            }
        }
        return r;
    }

    private static String exitMeaning(int code) {
        switch (code) {
            case 10: return "an ASSUME is violated";
            case 11: return "deadlock: a state with no successor before the migration ended";
            case 12: return "safety violation";
            case 13: return "liveness violation";
            case 75: case 76: case 77: return "error evaluating the specification";
            case 150: case 151: case 152: case 153: return "the specification or its configuration does not parse";
            case 255: return "TLC failed";
            default: return "unexpected exit code";
        }
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\\R");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    private static double since(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
