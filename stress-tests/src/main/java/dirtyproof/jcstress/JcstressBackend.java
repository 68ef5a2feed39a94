package dirtyproof.jcstress;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Subprocess;
import dirtyproof.backend.WorkDirs;
import dirtyproof.family.Families;
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
import java.util.Arrays;
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
 * <p><b>Batches.</b> {@link #checkAll} runs up to {@value #MAX_BATCH} variants ({@value #BATCH}, default
 * {@value #DEFAULT_BATCH}) in one jcstress run: a run's harness JVM start and jcstress's probing of the OS and the
 * VM cost about 4 s whatever it runs, which a batch pays once. Each variant of a batch has a slot, and each slot
 * is its own jcstress test ({@link #SLOT_CLASSES}: {@link ProtocolRace}, then {@code RaceSlot1..7}, the same
 * test reading {@code -Ddirtyproof.variant.k} and the rest of its properties suffixed {@code .k}) with its own
 * forks, samples, table and work folder ({@code slotK-<variant>/}: variant.yaml, races.tsv, traces/; the run's
 * jcstress.out beside them): jcstress runs and reports the tests one after another, so a slot's verdict reads
 * only its own test's report. Fail closed per slot: a slot whose report is missing, errored or not run is
 * INCONCLUSIVE with the reason; jcstress's exit 1 is explained for a slot that passed when another slot of the
 * batch FAILED (a lost write, which makes jcstress exit 1) or errored, and any other nonzero exit makes every
 * slot without a lost write INCONCLUSIVE. The batch's budget is the per-variant timeout times its size; past it
 * the run is killed and every slot is INCONCLUSIVE (but one whose complete report, printed before the kill,
 * holds a lost write). A variant that cannot run (not modelled, no race within its bounds) is answered without
 * taking a slot. {@link #run} is a batch of one: {@link ProtocolRace} in the variant's own work folder, as
 * before batches. Each result's seconds are the run's wall-clock time shared out equally among its slots (so
 * that they add up to the run's), and its reason says so.
 *
 * Knobs ({@link BackendOptions#extra()}): {@value #MODE} = short | sanity | quick | default | tough | stress
 * (see {@link #modeArgs}; default {@value #DEFAULT_MODE}), {@value #TEST} = the jcstress test selector (a regexp;
 * default the protocol test; given, every variant runs on its own), {@value #BURST} = guest writes per vCPU burst
 * (default {@value VariantHolder#DEFAULT_BURST}), {@value #BATCH} = variants per jcstress run in {@link #checkAll}.
 */
public final class JcstressBackend implements Backend {

    public static final String NAME = "jcstress";
    public static final String MODE = "jcstress.mode";
    public static final String TEST = "jcstress.test";
    public static final String BURST = "jcstress.burst";
    public static final String BATCH = "jcstress.batch";
    /** The mode when none is given: see stress-tests/BENCHMARKS.md for why. */
    public static final String DEFAULT_MODE = "short";
    /** short, then jcstress's own presets from the shortest to the longest. */
    public static final List<String> MODES = List.of("short", "sanity", "quick", "default", "tough", "stress");
    /** Where `mvn package` of stress-tests puts the shaded jar, relative to the checkout. */
    public static final String JAR = "stress-tests/target/jcstress.jar";
    public static final String TEST_CLASS = ProtocolRace.class.getName();
    /** The test of each slot of a batch, slot 0 first. */
    public static final List<String> SLOT_CLASSES = List.of(TEST_CLASS, RaceSlot1.class.getName(),
            RaceSlot2.class.getName(), RaceSlot3.class.getName(), RaceSlot4.class.getName(), RaceSlot5.class.getName(),
            RaceSlot6.class.getName(), RaceSlot7.class.getName());
    /** The most variants one jcstress run holds: one per slot class. */
    public static final int MAX_BATCH = VariantHolder.SLOTS;
    public static final int DEFAULT_BATCH = MAX_BATCH;

    /** Called for each slot once its files are written, before jcstress starts (tests break a slot with it). */
    interface SlotHook {
        void written(int slot, Path dir) throws IOException;
    }

    static final SlotHook NO_HOOK = (slot, dir) -> {
    };

    /** One variant of a batch that runs: its slot, its folder, its JVM options. */
    private record Slot(int index, int slot, Variant variant, Path dir, Path traces, String jvmArgs) {
        String testClass() {
            return SLOT_CLASSES.get(slot);
        }
    }

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
                        "guest writes per vCPU burst"),
                BackendOption.value(BATCH, "[1-" + MAX_BATCH + "]", String.valueOf(DEFAULT_BATCH),
                        "variants per jcstress run when several are checked (each its own test; 1 = one run each)"));
    }

    /** {@value #BATCH}, or 1 with a test selector of the user's own (it names one test); 0 when invalid. */
    @Override
    public int batchSize(BackendOptions options) {
        if (!options.extra(TEST, "").isEmpty()) {
            return 1;
        }
        String b = options.extra(BATCH, String.valueOf(DEFAULT_BATCH));
        return b.matches("[1-9]") && Integer.parseInt(b) <= MAX_BATCH ? Integer.parseInt(b) : 0;
    }

    @Override
    public BackendResult run(Variant variant, BackendOptions options) throws Exception {
        return runBatch(List.of(variant), options, NO_HOOK).get(0);
    }

    @Override
    public List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
        return checkAll(variants, options, NO_HOOK);
    }

    /** {@link #checkAll} with a hook between writing the slots' files and starting jcstress. */
    List<BackendResult> checkAll(List<Variant> variants, BackendOptions options, SlotHook hook) {
        List<BackendResult> r = new ArrayList<>();
        int size = batchSize(options);
        if (size < 1) {
            for (int i = 0; i < variants.size(); i++) {
                r.add(BackendResult.inconclusive(NAME, 0, BATCH + " = '" + options.extra(BATCH, "")
                        + "' is not a number of variants in 1.." + MAX_BATCH));
            }
            return r;
        }
        for (int i = 0; i < variants.size(); i += size) {
            List<Variant> group = variants.subList(i, Math.min(variants.size(), i + size));
            r.addAll(group.size() == 1 && hook == NO_HOOK ? List.of(check(group.get(0), options))
                    : checkBatch(group, options, hook));
        }
        return r;
    }

    /** {@link #runBatch}, with any exception made INCONCLUSIVE for every variant: one result each, always. */
    private List<BackendResult> checkBatch(List<Variant> group, BackendOptions options, SlotHook hook) {
        long t0 = System.nanoTime();
        String problem;
        try {
            List<BackendResult> r = runBatch(group, options, hook);
            if (r.size() == group.size() && r.stream().allMatch(java.util.Objects::nonNull)) {
                return r;
            }
            problem = Backend.noResult(NAME);
        } catch (Exception | Error e) {
            problem = Backend.failure(NAME, e);
        }
        List<BackendResult> r = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            r.add(BackendResult.inconclusive(NAME, seconds(t0) / group.size(), problem));
        }
        return r;
    }

    /**
     * One jcstress run for the variants of {@code group} (at most {@value #MAX_BATCH}), one result per variant in
     * order. A group of one is the single run as it always was: {@link ProtocolRace} in the variant's own folder.
     */
    private List<BackendResult> runBatch(List<Variant> group, BackendOptions options, SlotHook hook)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        if (group.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a jcstress batch holds at most " + MAX_BATCH + " variants, not "
                    + group.size());
        }
        BackendResult[] results = new BackendResult[group.size()];
        String mode = options.extra(MODE, DEFAULT_MODE);
        String burst = options.extra(BURST, String.valueOf(VariantHolder.DEFAULT_BURST));
        Path jar = options.home().resolve(JAR).toAbsolutePath().normalize();
        String problem = null;
        if (!MODES.contains(mode)) {
            problem = "unknown jcstress mode '" + mode + "'; valid modes: " + String.join(", ", MODES);
        } else if (!burst.matches("[0-9]{1,5}") || Integer.parseInt(burst) < 1 || Integer.parseInt(burst) > 10_000) {
            problem = "jcstress.burst = '" + burst + "' is not a number of guest writes in 1..10000";
        } else if (!Files.isRegularFile(jar)) {
            problem = "the jcstress jar " + jar + " is not built; build it with: mvn -B -pl stress-tests -am package "
                    + "-DskipTests (from " + options.home() + ")";
        }
        if (problem != null) {
            for (int i = 0; i < group.size(); i++) {
                String own = unrunnable(group.get(i));
                results[i] = BackendResult.inconclusive(NAME, seconds(start), own != null ? own : problem);
            }
            return Arrays.asList(results);
        }
        boolean single = group.size() == 1;
        // jcstress splits its JVM options at spaces: a work folder whose path has one is replaced by the user's
        // own under java.io.tmpdir
        Path dir = WorkDirs.create(WorkDirs.usableOrTmp(options.workDir()), "jcstress",
                single ? group.get(0).name() : "batch-" + group.get(0).name());
        try {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                Variant v = group.get(i);
                try {
                    results[i] = prepare(v, i, slots, dir, single, burst, hook);
                } catch (IOException | RuntimeException e) {
                    results[i] = BackendResult.inconclusive(NAME, seconds(start), Backend.failure(NAME, e));
                }
            }
            if (slots.isEmpty()) {
                return WorkDirs.finishAll(dir, Arrays.asList(results), false);
            }
            decide(slots, results, options, mode, burst, jar, dir, start);
            return WorkDirs.finishAll(dir, Arrays.asList(results), false);
        } catch (IOException | RuntimeException | Error | InterruptedException e) {
            WorkDirs.abandon(dir);
            throw e;
        }
    }

    /**
     * Gives the variant the next slot and writes its files, or answers it without a slot (not modelled, nothing
     * to race): that answer, or null for a slot.
     */
    private BackendResult prepare(Variant v, int index, List<Slot> slots, Path dir, boolean single, String burst,
                                  SlotHook hook) throws IOException {
        String own = unrunnable(v);
        if (own != null) {
            return BackendResult.inconclusive(NAME, 0, own);
        }
        int k = slots.size();
        Path slotDir = single ? dir : Files.createDirectory(dir.resolve("slot" + k + "-" + v.name()));
        Path variantFile = slotDir.resolve("variant.yaml");
        Files.writeString(variantFile, VariantLoader.toYaml(v), StandardCharsets.UTF_8);
        Path traces = slotDir.resolve("traces");
        Path racesFile = slotDir.resolve("races.tsv");
        List<RaceScenarios.Race> races = RaceScenarios.of(v);
        if (races.isEmpty()) {
            return BackendResult.inconclusive(NAME, 0, "no generated scenario of " + v.name() + " has two threads "
                    + "within its bounds " + v.bounds() + ": nothing for jcstress to race");
        }
        Files.write(racesFile, RaceScenarios.lines(races), StandardCharsets.UTF_8);
        String args = jvmArg(VariantHolder.property(VariantHolder.PROPERTY, k), variantFile)
                + " " + jvmArg(VariantHolder.property(VariantHolder.TRACES, k), traces)
                + " " + jvmArg(VariantHolder.property(VariantHolder.RACES, k), racesFile);
        hook.written(k, slotDir);
        slots.add(new Slot(index, k, v, slotDir, traces, args));
        return null;
    }

    /**
     * Why jcstress has nothing to run for the variant, as {@link #check} would say it (a protocol with no family,
     * or a family with no implementation), or null.
     */
    private static String unrunnable(Variant v) {
        try {
            return v.family().modelled() ? null : new Families.NotModelledException(v.protocol()).getMessage();
        } catch (RuntimeException e) {
            return Backend.failure(NAME, e);
        }
    }

    /** Runs jcstress on the slots and fills in their results. */
    private void decide(List<Slot> slots, BackendResult[] results, BackendOptions options, String mode, String burst,
                        Path jar, Path dir, long start) throws IOException, InterruptedException {
        Path out = dir.resolve("jcstress.out");
        String test = options.extra(TEST, selector(slots.size()));
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
        cmd.add(slots.stream().map(Slot::jvmArgs).collect(Collectors.joining(" "))
                + " -D" + VariantHolder.BURST + "=" + burst);
        int n = slots.size();
        Duration timeout = budget(options.timeout(), n);
        Subprocess.Outcome run = Subprocess.run(cmd, dir, out, timeout);
        String text = Files.isRegularFile(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        double secs = n == 1 ? seconds(start) : Math.round(seconds(start) / n * 100) / 100.0;
        String names = slots.stream().map(s -> s.variant().name()).collect(Collectors.joining(", "));
        String shared = n == 1 ? "" : " [one of " + n + " variants in one jcstress run of " + seconds(start) + " s, "
                + (run.timedOut() ? "killed" : "jcstress exit " + run.exit()) + " (" + names + "); the seconds given"
                + " are 1/" + n + " of the run's]";
        List<JcstressReport> reports = new ArrayList<>();
        for (Slot s : slots) {
            reports.add(JcstressReport.parse(text, s.testClass()));
        }
        int burstWrites = Integer.parseInt(burst);
        for (int k = 0; k < n; k++) {
            Slot s = slots.get(k);
            JcstressReport r = reports.get(k);
            Variant stressed = VariantHolder.stressed(s.variant(), burstWrites);
            BackendResult result;
            if (run.timedOut()) {
                String why = "jcstress (mode " + mode + (n == 1 ? "" : ", a batch of " + n + " variants") + ") did not "
                        + "finish within the timeout of " + timeout.toSeconds() + " s"
                        + (n == 1 ? "" : " (" + n + " x the timeout of " + options.timeout().toSeconds() + " s)")
                        + "; killed. Output: " + out;
                // a lost write in the slot's complete report (all its configurations ran) was observed all the same
                result = r.completed() && !r.observedForbidden().isEmpty()
                        ? verdict(r, run.exit(), false, s.testClass(), mode, s.traces(), out, secs, stressed, s.variant())
                        : BackendResult.inconclusive(NAME, secs, why);
            } else {
                int exit = run.exit();
                result = verdict(r, exit, exitExplained(exit, r, reports), s.testClass(), mode, s.traces(), out, secs,
                        stressed, s.variant());
            }
            results[s.index()] = n == 1 ? result : result.withNote(shared);
        }
    }

    /**
     * Whether jcstress's exit code says nothing against this slot's report: 0, or 1 (what jcstress exits with
     * when any test of the run failed or errored) while this slot's test passed (or was merely interesting) and
     * another slot's failed or errored. Any other exit is unexplained.
     */
    static boolean exitExplained(int exit, JcstressReport own, List<JcstressReport> batch) {
        if (exit == 0) {
            return true;
        }
        boolean passed = own.category() == JcstressReport.Category.PASSED
                || own.category() == JcstressReport.Category.INTERESTING;
        boolean otherFailed = batch.stream().anyMatch(r -> r != own && (r.category() == JcstressReport.Category.FAILED
                || r.category() == JcstressReport.Category.ERROR));
        return exit == 1 && passed && otherFailed;
    }

    /** The jcstress selector of the first {@code n} slots' tests, exactly those. */
    static String selector(int n) {
        if (n == 1) {
            return "^" + TEST_CLASS.replace(".", "\\.") + "$";
        }
        String pkg = ProtocolRace.class.getPackageName().replace(".", "\\.") + "\\.";
        return "^" + pkg + "(" + SLOT_CLASSES.subList(0, n).stream().map(c -> c.substring(c.lastIndexOf('.') + 1))
                .collect(Collectors.joining("|")) + ")$";
    }

    /** The budget of a batch of {@code n}: the per-variant timeout {@code n} times (at most a day). */
    static Duration budget(Duration perVariant, int n) {
        try {
            Duration d = perVariant.multipliedBy(n);
            return d.compareTo(Subprocess.MAX_TIMEOUT) > 0 ? Subprocess.MAX_TIMEOUT : d;
        } catch (ArithmeticException e) {
            return Subprocess.MAX_TIMEOUT;
        }
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
        return verdict(r, exit, exit == 0, TEST_CLASS, mode, traces, out, seconds(start), stressed, original);
    }

    /**
     * The verdict of one test of a run ({@code testClass}, one slot of a batch). {@code exitExplained}: a nonzero
     * exit is another test's doing (it failed or errored, this one passed), so it does not make this one
     * INCONCLUSIVE.
     */
    static BackendResult verdict(JcstressReport r, int exit, boolean exitExplained, String testClass, String mode,
                                 Path traces, Path out, double secs, Variant stressed, Variant original)
            throws IOException {
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
                    + "result for " + testClass + ". Output: " + out);
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
        if (exit != 0 && !exitExplained) {
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
