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
 *       that cannot be read, a TypeOK violation, a deadlock -- is INCONCLUSIVE with the reason. A trace the
 *       Java implementation does not replay to the same lost write is an UNSAFE marked not replayed ("spec and
 *       implementation disagree"): the checker makes it a disagreement.</li>
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
                BackendOption.choice("tlc.keep", List.of("true", "false"), "false", "keep TLC's run directory"),
                BackendOption.choice("tlc.symmetry", List.of("true", "false"), "true",
                        "let TLC treat interchangeable vCPUs as a symmetry set (false: count every renaming)"),
                BackendOption.value("tlc.distributed", "[1-9][0-9]*", "",
                        "run TLC's own distributed server for each variant and wait for this many workers"
                                + " ('dirtyproof tlc-worker HOST' on each machine)"),
                BackendOption.value("tlc.port", "[1-9][0-9]{2,4}", String.valueOf(Tlc.DEFAULT_PORT),
                        "the port of the distributed server's RMI registry"),
                BackendOption.value("tlc.host", "[A-Za-z0-9.:-]+", "",
                        "this machine's address as the distributed workers reach it (java.rmi.server.hostname)"));
    }

    /**
     * Every module TLC would read for the variant (packaged or replaced by {@code tlc.spec}), the family module's
     * constants and the invariants: what, with the variant's keys, decides TLC's answer. The worker count and the
     * variant's name do not.
     */
    @Override
    public String cacheKey(Variant variant, BackendOptions options) throws Exception {
        TlaModel tla = variant.family().tla(variant);
        if (!Boolean.parseBoolean(options.extra("tlc.symmetry", "true"))) {
            tla = tla.withoutSymmetry();
        }
        StringBuilder sb = new StringBuilder("tlc2 ").append(tlc2.TLCGlobals.versionOfTLC).append('\n');
        for (Map.Entry<String, String> m : modules(options, tla.modules()).entrySet()) {
            sb.append("---- ").append(m.getKey()).append('\n').append(m.getValue()).append('\n');
        }
        sb.append("---- model ").append(tla.module()).append('\n');
        tla.constants().forEach((k, x) -> sb.append(k).append(" = ").append(x).append('\n'));
        // MC.cfg without its first line, the comment that names the variant
        String cfg = TlcModel.config(variant, tla, invariants(options, tla));
        sb.append(cfg.substring(cfg.indexOf('\n') + 1));
        return sb.toString();
    }

    @Override
    public BackendResult run(Variant variant, BackendOptions options) throws Exception {
        return checkOrThrow(variant, options, System.nanoTime());
    }

    private BackendResult checkOrThrow(Variant variant, BackendOptions options, long t0) throws IOException,
            InterruptedException {
        TlaModel tla = variant.family().tla(variant);
        if (!Boolean.parseBoolean(options.extra("tlc.symmetry", "true"))) {
            tla = tla.withoutSymmetry();
        }
        Decision d = runOnce(variant, tla, options, t0);
        if (d.retryWithoutSymmetry()) {
            // Under SYMMETRY, TLC's trace did not replay even with its last state renamed: the same model without
            // symmetry gives a trace of states as TLC found them.
            Decision again = runOnce(variant, tla.withoutSymmetry(), options, t0);
            BackendResult r = again.result();
            return r.withSeconds(since(t0)).withNote(" (checked again without SYMMETRY: the trace TLC gave under"
                    + " symmetry did not replay: " + firstLine(d.result().reason()) + ")");
        }
        return d.result();
    }

    /** The distributed settings of tlc.distributed, tlc.port and tlc.host, or null for a local check. */
    static Tlc.Distributed distributed(BackendOptions options) {
        String n = options.extra("tlc.distributed", "");
        if (n.isBlank()) {
            return null;
        }
        return new Tlc.Distributed(Integer.parseInt(n), Integer.parseInt(options.extra("tlc.port",
                String.valueOf(Tlc.DEFAULT_PORT))), options.extra("tlc.host", ""));
    }

    /** Says in the reason how many worker threads took part; no worker at all is why a timeout happened. */
    private static Decision distributedNote(Decision d, Tlc.Distributed dist, int registered) {
        BackendResult r = d.result();
        String note = " [distributed: " + registered + " TLC worker thread" + (registered == 1 ? "" : "s")
                + " registered, " + dist.workers() + " worker" + (dist.workers() == 1 ? "" : "s") + " expected, port "
                + dist.port() + (registered == 0 ? "; no worker reached the server: start them with"
                + " './dirtyproof tlc-worker HOST'" : "") + "]";
        return new Decision(r.withNote(note), d.retryWithoutSymmetry());
    }

    /** A verdict, or the request to check the model again without symmetry. Package-private for tests. */
    record Decision(BackendResult result, boolean retryWithoutSymmetry) {
    }

    private Decision runOnce(Variant variant, TlaModel tla, BackendOptions options, long t0) throws IOException,
            InterruptedException {
        List<String> invariants = invariants(options, tla);
        Path dir = WorkDirs.create(options.workDir(), "tlc", variant.name());
        boolean keep = Boolean.parseBoolean(options.extra("tlc.keep", "false"));
        for (Map.Entry<String, String> m : modules(options, tla.modules()).entrySet()) {
            Files.writeString(dir.resolve(m.getKey() + ".tla"), m.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve(TlcModel.MODULE + ".tla"), TlcModel.module(variant, tla), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(TlcModel.MODULE + ".cfg"), TlcModel.config(variant, tla, invariants),
                StandardCharsets.UTF_8);
        Tlc.Distributed dist = distributed(options);
        Tlc.Result r;
        if (dist == null) {
            r = Tlc.run(dir, TlcModel.MODULE, options.extra("tlc.workers", "auto"), options.timeout());
        } else {
            System.err.println("dirtyproof: TLC server for " + variant.name() + " waits for " + dist.workers()
                    + " worker" + (dist.workers() == 1 ? "" : "s") + " on port " + dist.port() + ": on each machine run"
                    + " './dirtyproof tlc-worker " + (dist.hostname().isBlank() ? "THIS-HOST" : dist.hostname())
                    + (dist.port() == Tlc.DEFAULT_PORT ? "" : " --port " + dist.port()) + "'");
            System.err.flush();
            r = Tlc.runServer(dir, TlcModel.MODULE, dist, options.timeout());
        }
        Decision d = decide(variant, tla, r, dir, since(t0));
        if (dist != null) {
            d = distributedNote(d, dist, Tlc.registeredWorkers(r.output()));
        }
        if (d.retryWithoutSymmetry()) {
            WorkDirs.finish(dir, null, keep);
            return d;
        }
        // kept when the result points at it (an inconclusive run names "TLC's files") or tlc.keep asks for it
        return new Decision(WorkDirs.finish(dir, d.result(), keep), false);
    }

    /** Turns a TLC run on a model without model values into a verdict. Package-private for tests. */
    BackendResult decide(Variant variant, Tlc.Result r, Path dir, double seconds) {
        TlaModel tla = variant.family().tla(variant);
        return decide(variant, new TlaModel(tla.module(), tla.modules(), tla.constants(), tla.invariants()), r, dir,
                seconds).result();
    }

    /** Turns a TLC run on the model {@code tla} into a verdict. Package-private for tests. */
    Decision decide(Variant variant, TlaModel tla, Tlc.Result r, Path dir, double seconds) {
        TlcOutput out = TlcOutput.parse(r.output());
        String where = " (TLC's files: " + dir + ")";
        if (r.timedOut()) {
            return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "TLC did not finish within "
                    + String.format(java.util.Locale.ROOT, "%.1f", r.seconds()) + " s (timeout); last progress: "
                    + lastProgress(out) + where), false);
        }
        if (r.exitCode() == 0) {
            if (out.has(TlcOutput.SUCCESS) && out.distinctStates() >= 0 && !out.has(TlcOutput.INVARIANT_VIOLATED)) {
                return new Decision(BackendResult.safe(NAME, true, explored(out), seconds, "TLC: "
                        + out.first(TlcOutput.SUCCESS).get().body().lines().findFirst().orElse("")
                        + " " + out.distinctStates() + " distinct states, depth " + out.depth()
                        + (tla.symmetric().isEmpty() ? "" : " (vCPUs a symmetry set)")), false);
            }
            return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "TLC exited with 0 but did"
                    + " not report a completed model check: " + tail(r.output()) + where), false);
        }
        if (r.exitCode() == TlcOutput.EXIT_VIOLATION && out.has(TlcOutput.INVARIANT_VIOLATED)) {
            String which = out.first(TlcOutput.INVARIANT_VIOLATED).get().body();
            if (!which.contains("NoLostWrite")) {
                return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "TLC: " + which
                        + " -- the specification is broken, not the variant" + where), false);
            }
            return unsafe(variant, tla, out, seconds, where);
        }
        String errors = out.errors();
        return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "TLC exited with code "
                + r.exitCode() + " (" + exitMeaning(r.exitCode()) + "): " + (errors.isEmpty() ? tail(r.output()) : errors)
                + where), false);
    }

    /** A replay of a TLC trace in Java: the run, or why it does not agree with TLC. */
    private record Replay(Run run, String disagree) {
    }

    /** Replays the trace step by step, then through ScheduleDriver.replay, and compares the lost writes. */
    private static Replay replay(Variant variant, TlcTrace trace) {
        List<LostWrite> tlcLost = trace.lostWrites();
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
        return new Replay(run, disagree);
    }

    private Decision unsafe(Variant variant, TlaModel tla, TlcOutput out, double seconds, String where) {
        TlcTrace trace;
        try {
            trace = TlcTrace.of(out.trace(), tla.modelValues());
        } catch (RuntimeException e) {
            return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds,
                    "TLC found a NoLostWrite violation but its trace could not be read: " + e.getMessage() + where),
                    !tla.symmetric().isEmpty());
        }
        Replay rp = replay(variant, trace);
        String renamed = "";
        if (rp.disagree() != null && !tla.symmetric().isEmpty()) {
            // TLC prints the violating state as found, the states before it as rebuilt: under symmetry the two may
            // differ by a renaming of the vCPUs. Try each renaming of the last state.
            for (Map<String, String> pi : renamings(tla)) {
                TlcTrace t;
                try {
                    t = trace.lastStateRenamed(pi);
                } catch (RuntimeException e) {
                    continue;
                }
                Replay again = replay(variant, t);
                if (again.disagree() == null) {
                    trace = t;
                    rp = again;
                    renamed = "; TLC's last state read with the vCPUs renamed " + pi + " (SYMMETRY)";
                    break;
                }
            }
            if (rp.disagree() != null) {
                return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "spec and implementation"
                        + " disagree under SYMMETRY: " + rp.disagree() + where), true);
            }
        }
        List<LostWrite> tlcLost = trace.lostWrites();
        if (tlcLost.isEmpty()) {
            return new Decision(BackendResult.inconclusive(NAME, explored(out), seconds, "TLC reports NoLostWrite"
                    + " violated but its last state has dest = mem: the specification is broken\nTLC trace:\n"
                    + String.join("\n", trace.lines()) + where), false);
        }
        if (rp.disagree() != null) {
            // TLC's lost write, which the Java implementation does not reproduce: a disagreement between the spec
            // and the implementation (docs/verdicts.md), carried as an UNSAFE whose counterexample did not replay
            Run run = rp.run();
            String javaRun = run == null ? "" : "\nJava run:\n" + run.render();
            List<String> columns = new ArrayList<>();
            for (Event ev : trace.events()) {
                if (!columns.contains(ev.actor())) {
                    columns.add(ev.actor());
                }
            }
            Counterexample tlcOnly = new Counterexample(columns, trace.events(),
                    java.util.Collections.nCopies(trace.events().size(), ""), tlcLost);
            return new Decision(BackendResult.unsafe(NAME, true, explored(out), seconds, tlcOnly, false,
                    "spec and implementation disagree: TLC loses " + tlcLost.get(0) + " but " + rp.disagree()
                            + "\nTLC trace:\n" + String.join("\n", trace.lines()) + javaRun + where), false);
        }
        Run run = rp.run();
        Counterexample cx = Counterexample.of(run.migration(), run.events(), run.notes(), tlcLost);
        return new Decision(BackendResult.unsafe(NAME, true, explored(out), seconds, cx, true, "TLC: NoLostWrite violated"
                + " after " + trace.events().size() + " steps (" + out.distinctStates() + " distinct states); "
                + tlcLost.get(0) + "; the Java implementation loses the same write" + renamed), false);
    }

    /** Every renaming of the symmetric model values but the identity (vcpu0 -> vcpu1, vcpu1 -> vcpu0, ...). */
    static List<Map<String, String>> renamings(TlaModel tla) {
        List<String> names = new ArrayList<>(tla.modelValues().keySet());
        List<Map<String, String>> r = new ArrayList<>();
        permute(names, 0, r, names);
        r.removeIf(m -> m.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue())));
        return r;
    }

    private static void permute(List<String> a, int k, List<Map<String, String>> out, List<String> names) {
        if (k == a.size()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), a.get(i));
            }
            out.add(m);
            return;
        }
        for (int i = k; i < a.size(); i++) {
            List<String> b = new ArrayList<>(a);
            java.util.Collections.swap(b, k, i);
            permute(b, k + 1, out, names);
        }
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
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
