package dirtyproof.lincheck;

import dirtyproof.backend.Verdict;
import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import dirtyproof.model.Migration;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.model.Actor;
import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.Json;
import dirtyproof.model.LostWrite;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.util.LoggingLevel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;

/**
 * The protocol model check of one variant with Lincheck (docs/verdicts.md): for each scenario of the
 * variant's family ({@link dirtyproof.family.Family#scenarios}), Lincheck's model checker explores up to
 * {@code invocations} interleavings of the real {@code impl} code ({@link ProtocolModel}); the validation function runs the final round and
 * checks NoLostWrite after every explored execution. It stops at the first failure.
 *
 * <p>Run by {@link LincheckBackend} in a forked JVM ({@link #main}): the child loads the variant from a YAML
 * file, runs the check and writes a small properties file the parent reads. A hang is then killed by the
 * parent at the time-out and a crash of Lincheck or of the JVM is an INCONCLUSIVE verdict, not a broken CLI.
 *
 * <p>Verdicts, fail closed: SAFE only when every probe ran its bounded exploration with no failure; UNSAFE
 * only for a lost write the oracle found in an explored execution ({@link ProtocolModel#FOUND}, a
 * {@link LostWriteError}); any Lincheck failure (an unexpected exception, a deadlock or livelock, a time-out, an
 * internal error) is INCONCLUSIVE with Lincheck's own message.
 *
 * <p>Granularity. {@code step} (default): {@code take} of every actor is declared atomic to Lincheck
 * ({@code treatAsAtomic}), so the explored interleavings are interleavings of the vocabulary's atomic steps
 * -- the semantics of DEVELOPERS.md, where an actor "take(Event)s one atomically" -- and the listener sees
 * the steps in the order of their effects. {@code memory}: no such declaration, Lincheck may switch threads
 * at every shared-memory access inside a step too (slower; the races inside a step are jcstress's domain
 * on real hardware, but this mode lets Lincheck look for them under sequential consistency).
 */
public final class ProtocolCheck {

    public enum Granularity {
        STEP, MEMORY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Granularity parse(String s) {
            for (Granularity g : values()) {
                if (g.id().equals(s)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("lincheck.granularity must be step or memory, not '" + s + "'");
        }
    }

    /**
     * @param invocations the most executions Lincheck explores per concurrent scenario
     * @param budget      the most executions Lincheck explores over all the concurrent scenarios of a check; each
     *                    gets an even share of what is left (at most {@code invocations}, at least
     *                    {@link #MIN_SHARE}); the scenarios past the budget are not explored, and the outcome says so
     * @param granularity where Lincheck may switch threads
     * @param report      where Lincheck's own failure report is written, or null
     */
    public record Settings(int invocations, int budget, Granularity granularity, Path report) {
        public Settings {
            if (invocations < 1) {
                throw new IllegalArgumentException("lincheck.invocations must be at least 1, not " + invocations);
            }
            if (budget < 1) {
                throw new IllegalArgumentException("the Lincheck budget must be at least 1 execution, not " + budget);
            }
        }

        /** Every concurrent scenario explored up to {@code invocations}: no overall budget. */
        public Settings(int invocations, Granularity granularity, Path report) {
            this(invocations, Integer.MAX_VALUE, granularity, report);
        }
    }

    /** The fewest executions a concurrent scenario is given while the budget lasts. */
    public static final int MIN_SHARE = 30;

    /** The budget argument of {@link #main} (and the default of {@code lincheck.budget}) that asks for {@link #autoBudget}. */
    public static final String AUTO = "auto";

    /**
     * The default budget for these scenarios: {@link #MIN_SHARE} executions for every concurrent one, and at least
     * {@link LincheckBackend#DEFAULT_BUDGET}. So what Lincheck explores grows with the bounds, as the scenarios do:
     * at a fixed 2000 executions, flush-before-protect at {@code rounds: 3} had 324 concurrent scenarios, the
     * budget reached the first 66, and the race that loses the write was the 100th.
     */
    static int autoBudget(List<Scenario> scenarios) {
        long concurrent = scenarios.stream().filter(s -> s.threads().size() >= 2).count();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(LincheckBackend.DEFAULT_BUDGET, MIN_SHARE * concurrent));
    }

    /**
     * What one probe explored.
     *
     * @param invocations  executions Lincheck ran (1 for a sequential scenario, run directly)
     * @param interleavings distinct step sequences among them (equivalent switch points give the same one)
     * @param threads      the scenario's threads: 0 for a sequence of operations
     * @param racing       the actors of the threads
     */
    public record ProbeRun(String probe, long invocations, long interleavings, int threads, List<String> racing) {
        public ProbeRun(String probe, long invocations, long interleavings) {
            this(probe, invocations, interleavings, 2, List.of());
        }
    }

    /**
     * The outcome of a check.
     *
     * @param verdict        SAFE, UNSAFE or INCONCLUSIVE
     * @param probes         the probes run, in order, with the invocations each explored
     * @param probesTotal    how many probes the variant has
     * @param failingProbe   the probe that failed, or null
     * @param counterexample for UNSAFE: the lost write, replayed in Java when the replay reproduced it; else null
     * @param reason         a summary (SAFE, UNSAFE) or why the check is inconclusive
     * @param replayed       for UNSAFE: the counterexample replays in Java (ScheduleDriver.replay) to the same lost write
     * @param skipped        concurrent scenarios left unexplored when the budget ran out
     */
    public record Outcome(Verdict verdict, List<ProbeRun> probes, int probesTotal, String failingProbe,
                          Counterexample counterexample, String reason, boolean replayed, int skipped) {

        public Outcome(Verdict verdict, List<ProbeRun> probes, int probesTotal, String failingProbe,
                       Counterexample counterexample, String reason) {
            this(verdict, probes, probesTotal, failingProbe, counterexample, reason, false, 0);
        }

        public long invocations() {
            return probes.stream().mapToLong(ProbeRun::invocations).sum();
        }

        public long interleavings() {
            return probes.stream().mapToLong(ProbeRun::interleavings).sum();
        }

        /** Scenarios run as one sequence of operations. */
        public long sequential() {
            return probes.stream().filter(p -> p.threads() < 2).count();
        }

        /** The pairs of actors some explored scenario raced, as "vcpu0×harvester". */
        public List<String> pairs() {
            java.util.Set<String> r = new java.util.TreeSet<>();
            for (ProbeRun p : probes) {
                for (int i = 0; i < p.racing().size(); i++) {
                    for (int j = i + 1; j < p.racing().size(); j++) {
                        r.add(p.racing().get(i) + "\u00d7" + p.racing().get(j));
                    }
                }
            }
            return new ArrayList<>(r);
        }
    }

    private ProtocolCheck() {
    }

    /** Runs the check in this JVM (which needs -XX:+EnableDynamicAgentLoading for Lincheck's agent). */
    public static Outcome run(Variant variant, Settings settings) {
        return run(variant, settings, variant.family().scenarios(variant));
    }

    /**
     * Runs the given probes (tests use it to run a probe the variant would not get), in order: a scenario with
     * fewer than two threads is one sequence of operations, run directly on the implementation (there is one
     * interleaving to explore); a concurrent one is explored by Lincheck's model checker, with an even share of
     * what is left of the budget. The first lost write ends the check.
     */
    static Outcome run(Variant variant, Settings settings, List<Scenario> given) {
        List<Scenario> probes = inTurns(variant, given);
        List<ProbeRun> runs = new ArrayList<>();
        if (probes.isEmpty()) {
            return new Outcome(Verdict.INCONCLUSIVE, runs, 0, null, null,
                    "no Lincheck scenario fits the bounds " + variant.bounds() + " (no writes to race): nothing explored");
        }
        ProtocolModel.variant = variant;
        int concurrent = (int) probes.stream().filter(p -> p.threads().size() >= 2).count();
        long used = 0;
        int started = 0;
        int skipped = 0;
        for (Scenario probe : probes) {
            if (probe.threads().size() < 2) {
                Outcome lost = sequential(variant, settings, probes.size(), runs, probe);
                if (lost != null) {
                    return lost;
                }
                continue;
            }
            long left = (long) settings.budget() - used;
            int share = (int) Math.min(settings.invocations(), Math.max(MIN_SHARE, left / Math.max(1, concurrent - started)));
            started++;
            if (left < Math.min(MIN_SHARE, settings.invocations())) {
                skipped++;
                continue;
            }
            ModelCheckingOptions o = options(probe, new Settings(share, settings.budget(), settings.granularity(),
                    settings.report()));
            ProtocolModel.startScenario();
            LincheckFailure failure;
            try {
                failure = LinCheckerKt.checkImpl(o, ProtocolModel.class);
            } catch (Throwable t) {
                runs.add(counted(probe));
                return new Outcome(Verdict.INCONCLUSIVE, runs, probes.size(), probe.name(), null,
                        "Lincheck failed on scenario " + probe + ": " + stackTrace(t));
            }
            ProbeRun run = counted(probe);
            runs.add(run);
            used += run.invocations();
            if (ProtocolModel.FOUND != null) {
                // an execution of the scenario lost a write: found when the next one started, or, for the last
                // one, when Lincheck returned (ProtocolModel's class comment says why Lincheck is not told); a
                // failure Lincheck reported in a later execution does not undo it
                return lostWrite(variant, settings, probes.size(), runs, probe, ProtocolModel.FOUND,
                        runs.stream().mapToLong(ProbeRun::invocations).sum() - run.invocations()
                                + ProtocolModel.FOUND_AT);
            }
            if (failure != null) {
                return failed(settings, probes.size(), runs, probe, failure);
            }
            if (run.invocations() == 0 || run.interleavings() == 0) {
                // fail closed: a scenario Lincheck did not run, or whose executions never reached the oracle
                return new Outcome(Verdict.INCONCLUSIVE, runs, probes.size(), probe.name(), null,
                        "Lincheck reported no failure for scenario " + probe + " but ran " + run.invocations()
                                + " executions of it, " + run.interleavings() + " of them checked by the oracle");
            }
        }
        Outcome o = new Outcome(Verdict.SAFE, runs, probes.size(), null, null, "", false, skipped);
        long total = o.invocations();
        long seq = o.sequential();
        String budget = skipped == 0 ? "" : "; the budget of " + settings.budget() + " executions ran out: "
                + skipped + " of " + concurrent + " concurrent scenarios (the largest) were not explored";
        return new Outcome(Verdict.SAFE, runs, probes.size(), null, null,
                "Lincheck model checking (" + settings.granularity().id() + " granularity): no lost write in "
                        + seq + " sequential runs and " + (total - seq) + " explored executions ("
                        + (o.interleavings() - seq) + " distinct step sequences) of " + (concurrent - skipped) + " of "
                        + concurrent + " concurrent scenarios, at most " + settings.invocations() + " each; actor pairs"
                        + " raced: " + (o.pairs().isEmpty() ? "none" : String.join(", ", o.pairs())) + budget,
                false, skipped);
    }

    /**
     * The order the probes run in: the sequences first (each is one run, whatever the budget), then the races
     * taken in turn from each pair of racing actors (vCPU × harvester, host × harvester, vCPU × vCPU, ...), each
     * pair's smallest first. The generator orders the races smallest first; when the budget runs out before the
     * end, that order spent it on the most numerous pair (the vCPUs') and left the host's races against the
     * harvester unexplored: load-store-clear-host at {@code vcpus: 2, writes: 1}, whose lost write needs one.
     */
    static List<Scenario> inTurns(Variant variant, List<Scenario> probes) {
        List<Scenario> r = new ArrayList<>();
        Map<String, java.util.ArrayDeque<Scenario>> pairs = new LinkedHashMap<>();
        Migration mig = variant.family().start(variant);
        for (Scenario p : probes) {
            if (p.threads().size() < 2) {
                r.add(p);
            } else {
                pairs.computeIfAbsent(p.pair(mig), k -> new java.util.ArrayDeque<>()).add(p);
            }
        }
        while (!pairs.isEmpty()) {
            for (java.util.Iterator<java.util.ArrayDeque<Scenario>> it = pairs.values().iterator(); it.hasNext(); ) {
                java.util.ArrayDeque<Scenario> q = it.next();
                r.add(q.poll());
                if (q.isEmpty()) {
                    it.remove();
                }
            }
        }
        return r;
    }

    /** One sequence of operations, on the calling thread; the outcome when it loses a write, else null. */
    private static Outcome sequential(Variant variant, Settings settings, int total, List<ProbeRun> runs,
                                      Scenario probe) {
        Migration mig = variant.family().start(variant);
        List<Event> events = new ArrayList<>();
        mig.setListener(events::add);
        List<Op> ops = new ArrayList<>(probe.init());
        probe.threads().forEach(ops::addAll);
        ops.addAll(probe.post());
        for (Op op : ops) {
            mig.perform(op);
        }
        ScheduleDriver.complete(mig);
        runs.add(new ProbeRun(probe.name(), 1, 1, probe.threads().size(), probe.racing()));
        List<LostWrite> lost = mig.lostWrites();
        if (lost.isEmpty()) {
            return null;
        }
        Replay.Result replay = Replay.of(variant, events, lost);
        Counterexample cx = replay.reproduced() ? replay.run().counterexample()
                : new Counterexample(actors(events), events, java.util.Collections.nCopies(events.size(), ""), lost);
        return new Outcome(Verdict.UNSAFE, runs, total, probe.name(), cx,
                "NoLostWrite violated by the sequential scenario " + probe + " (run directly, one interleaving);"
                        + " " + lost.get(0) + "; " + replay.note(), replay.reproduced(), 0);
    }

    private static ProbeRun counted(Scenario probe) {
        ProtocolModel.collectPrevious();
        ProbeRun r = new ProbeRun(probe.name(), ProtocolModel.INSTANCES.get(), ProtocolModel.INTERLEAVINGS.size(),
                probe.threads().size(), probe.racing());
        ProtocolModel.resetCounters();
        return r;
    }

    static ModelCheckingOptions options(Scenario probe, Settings settings) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(settings.invocations())
                .addCustomScenario(LincheckScenarios.scenario(probe))
                .verifier(AnyResults.class)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.ERROR);
        if (settings.granularity() == Granularity.STEP) {
            String[] actors = actorClasses(ProtocolModel.variant);
            o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(actors).methods("take").treatAsAtomic());
            o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(c -> c.startsWith("dirtyproof."))
                    .methods(BETWEEN_STEPS.toArray(new String[0])).ignore());
            o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(c -> c.startsWith("java.util.")
                            && !c.startsWith("java.util.concurrent."))
                    .methods(COLLECTION_READS.toArray(new String[0])).ignore());
        }
        return o;
    }

    /**
     * The model's methods that the blocking helpers call between two steps and that read only the calling actor's
     * own position, which no other thread writes: {@code next}, {@code done}, {@code round}, {@code finalRound},
     * {@code faultEvent}, {@code markEvent}, a reaper's {@code live}, {@code at} and {@code running}. At step
     * granularity Lincheck does not switch threads inside them. Such a read gives the same value wherever it falls
     * between the actor's two steps, so a switch before it explores nothing that the switch before the actor's next
     * {@code take} does not. A read of what other actors change (a reaper's {@code enabled()}, whether a vCPU is
     * held out by a full ring) is not here: when it decides what the actor does next, a switch before it matters,
     * and a wait loop must keep a switch point or Lincheck could never let the other actor in. Names, for every
     * class of the model: {@code BetweenStepsTest} checks that none of the methods so named calls a {@code take},
     * directly or not.
     */
    static final List<String> BETWEEN_STEPS = List.of("next", "done", "round", "finalRound", "faultEvent",
            "markEvent", "live", "at", "running");

    /**
     * The reads of {@code java.util}'s collections between steps ({@code vcpus.get(v)} in {@code Kvm.perform}, the
     * reapers, an actor's program): the model builds them when it starts and never changes them after, so, like
     * {@link #BETWEEN_STEPS}, no thread switch inside them (the model's changing state is in the atomics of {@code
     * java.util.concurrent}, which this leaves alone). Without these, four in five executions Lincheck explored
     * repeated a step sequence already seen (linearizability/BENCHMARKS.md).
     */
    static final List<String> COLLECTION_READS = List.of("get", "size", "isEmpty", "iterator", "hasNext", "next",
            "contains");

    /** The classes of the variant's actors: their take() is one atomic step at step granularity. */
    static String[] actorClasses(Variant v) {
        List<String> r = new ArrayList<>();
        for (Actor a : v.family().start(v).actors()) {
            if (!r.contains(a.getClass().getName())) {
                r.add(a.getClass().getName());
            }
        }
        return r.toArray(new String[0]);
    }

    /**
     * Lincheck reported a failure of its own (an unexpected exception, a deadlock or livelock, a time-out): a lost
     * write never reaches Lincheck ({@link ProtocolModel}), so this is INCONCLUSIVE, with Lincheck's report.
     */
    private static Outcome failed(Settings settings, int total, List<ProbeRun> runs, Scenario probe,
                                  LincheckFailure failure) {
        String text = String.valueOf(failure);
        String where = "";
        if (settings.report() != null) {
            try {
                Files.writeString(settings.report(), "scenario " + probe + "\n" + text, StandardCharsets.UTF_8);
                where = " (Lincheck's report: " + settings.report() + ")";
            } catch (IOException e) {
                where = " (Lincheck's report could not be written: " + e.getMessage() + ")";
            }
        }
        return new Outcome(Verdict.INCONCLUSIVE, runs, total, probe.name(), null,
                "Lincheck reported a failure that is not a lost write, on scenario " + probe + ": "
                        + failure.getClass().getSimpleName() + ": " + head(text) + where);
    }

    /** The outcome of a lost write found in an explored execution of the scenario. */
    private static Outcome lostWrite(Variant variant, Settings settings, int total, List<ProbeRun> runs,
                                     Scenario probe, LostWriteError lw, long executions) {
        List<Event> events = lw.events();
        List<LostWrite> lost = lw.lost();
        Replay.Result replay = Replay.of(variant, events, lost);
        Counterexample cx = replay.reproduced() ? replay.run().counterexample()
                : new Counterexample(actors(events), events, java.util.Collections.nCopies(events.size(), ""), lost);
        return new Outcome(Verdict.UNSAFE, runs, total, probe.name(), cx,
                "Lincheck model checking (" + settings.granularity().id() + " granularity): NoLostWrite violated in"
                        + " scenario " + probe + " after " + executions + " explored executions; " + lost.get(0)
                        + "; " + replay.note(), replay.reproduced(), 0);
    }

    private static List<String> actors(List<Event> events) {
        List<String> r = new ArrayList<>();
        for (Event e : events) {
            if (!r.contains(e.actor())) {
                r.add(e.actor());
            }
        }
        r.sort((x, y) -> Integer.compare(rank(x), rank(y)));
        return r;
    }

    private static int rank(String actor) {
        if (actor.startsWith("vcpu")) {
            return Integer.parseInt(actor.substring(4));
        }
        return actor.equals("host") ? 100 : 101;
    }

    private static String names(List<Scenario> probes) {
        List<String> r = new ArrayList<>();
        for (Scenario p : probes) {
            r.add(p.name());
        }
        return String.join(", ", r);
    }

    /** The first lines of Lincheck's report (it can be long: every step of every thread). */
    static String head(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length && i < 40 && sb.length() < 4000; i++) {
            sb.append(lines[i].stripTrailing()).append('\n');
        }
        if (sb.length() < text.length()) {
            sb.append("[... ").append(text.length() - sb.length()).append(" more characters]");
        }
        return sb.toString().strip();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return head(w.toString());
    }

    // --- the forked JVM ------------------------------------------------------------------------------

    /** Result keys of the properties file the child writes. */
    static final String VERDICT = "verdict";
    static final String PROBES = "probes";
    static final String PROBES_TOTAL = "probes.total";
    static final String INVOCATIONS = "invocations";
    static final String INTERLEAVINGS = "interleavings";
    static final String FAILING = "failing.probe";
    static final String COUNTEREXAMPLE = "counterexample";
    static final String REASON = "reason";
    static final String SEQUENTIAL = "sequential";
    static final String SKIPPED = "skipped";
    static final String REPLAYED = "replayed";
    static final String PAIRS = "pairs";

    /**
     * {@code ProtocolCheck VARIANT.yaml RESULT.properties INVOCATIONS GRANULARITY [REPORT.txt [BUDGET|auto]]}: runs the check
     * and writes the outcome. Exit code 0 when the result file was written, whatever the verdict.
     */
    public static void main(String[] args) {
        int code = 0;
        try {
            if (args.length < 4) {
                throw new IllegalArgumentException("usage: ProtocolCheck VARIANT.yaml RESULT.properties INVOCATIONS"
                        + " step|memory [REPORT.txt]");
            }
            Variant v = VariantLoader.load(Paths.get(args[0]));
            Outcome out;
            try {
                List<Scenario> scenarios = v.family().scenarios(v);
                Settings s = new Settings(Integer.parseInt(args[2]), args.length <= 5 ? Integer.MAX_VALUE
                        : args[5].equals(AUTO) ? autoBudget(scenarios) : Integer.parseInt(args[5]),
                        Granularity.parse(args[3]), args.length > 4 ? Paths.get(args[4]) : null);
                out = run(v, s, scenarios);
            } catch (RuntimeException | Error e) {
                out = new Outcome(Verdict.INCONCLUSIVE, List.of(), 0, null, null,
                        "the Lincheck check failed: " + stackTrace(e));
            }
            write(out, Paths.get(args[1]));
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        // Lincheck's worker threads must not keep the JVM alive
        Runtime.getRuntime().halt(code);
    }

    static void write(Outcome out, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty(VERDICT, out.verdict().name());
        p.setProperty(PROBES, String.valueOf(out.probes().size()));
        p.setProperty(PROBES_TOTAL, String.valueOf(out.probesTotal()));
        p.setProperty(INVOCATIONS, String.valueOf(out.invocations()));
        p.setProperty(INTERLEAVINGS, String.valueOf(out.interleavings()));
        p.setProperty(SEQUENTIAL, String.valueOf(out.sequential()));
        p.setProperty(SKIPPED, String.valueOf(out.skipped()));
        p.setProperty(REPLAYED, String.valueOf(out.replayed()));
        p.setProperty(PAIRS, String.join(",", out.pairs()));
        for (int i = 0; i < out.probes().size(); i++) {
            p.setProperty("probe." + i + ".name", out.probes().get(i).probe());
            p.setProperty("probe." + i + ".invocations", String.valueOf(out.probes().get(i).invocations()));
            p.setProperty("probe." + i + ".interleavings", String.valueOf(out.probes().get(i).interleavings()));
        }
        if (out.failingProbe() != null) {
            p.setProperty(FAILING, out.failingProbe());
        }
        if (out.counterexample() != null) {
            p.setProperty(COUNTEREXAMPLE, Json.write(out.counterexample().toMap()));
        }
        p.setProperty(REASON, out.reason());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            p.store(os, "dirtyproof lincheck result");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
