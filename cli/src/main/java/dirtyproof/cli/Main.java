package dirtyproof.cli;

import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.check.Checker;
import dirtyproof.check.LockAudit;
import dirtyproof.check.VariantResult;
import dirtyproof.check.VariantVerdict;
import dirtyproof.family.Families;
import dirtyproof.model.Json;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantException;
import dirtyproof.variant.VariantLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code dirtyproof}: can this version of the protocol ever lose a guest write during live migration?
 *
 * <pre>
 * dirtyproof check PATH... [--backend tlc,lincheck,jcstress] [--json FILE] [--junit FILE] [--report DIR]
 * dirtyproof check --protocol get-log --harvest a,b,c ...      (an inline variant)
 * dirtyproof variants [PATH...]
 * </pre>
 *
 * The checking and the adding up of verdicts are impl's ({@link Checker}); this class parses and prints.
 * Exit codes (docs/verdicts.md): 0 every verdict matches its expectation, 1 a verdict differs (or a write is
 * lost where nothing was expected), 2 bad input, 3 a back-end inconclusive, 4 back-ends disagree.
 */
@Command(name = "dirtyproof", mixinStandardHelpOptions = true, version = "dirtyproof 0.1.0",
        description = "Can this version of KVM's dirty page tracking ever lose a guest write during live migration?",
        subcommands = {Main.Check.class, Main.Variants.class, CommandLine.HelpCommand.class,
            Sweep.class, Merge.class, TlcWorker.class},
        footer = {"", "Exit codes: 0 as expected, 1 a verdict differs from expect, 2 bad input, 3 inconclusive"
                + " (or a report not written, or dirtyproof failed), 4 disagreement; 130/143 interrupted"
                + " (SIGINT/SIGTERM)."})
public final class Main implements Callable<Integer> {

    /** --timeout's range in seconds: at least one second, at most a day. */
    static final long MIN_TIMEOUT = 1;
    static final long MAX_TIMEOUT = 86_400;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Throwable t) {
            // never exit 1 ("a write is lost") for a failure of the tool itself
            System.err.println("dirtyproof: internal error, no verdict: " + t);
            code = 3;
        }
        System.exit(code);
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        Checker checker = new Checker();
        CommandLine.Model.CommandSpec check = cl.getSubcommands().get("check").getCommandSpec();
        for (BackendOption o : checker.options()) {
            // each back-end declares its own options: --jcstress-mode, --tlc-workers, ...
            check.addOption(CommandLine.Model.OptionSpec.builder(o.flag()).paramLabel("VALUE").type(String.class)
                    .description(o.description() + (o.choices().isEmpty() ? "" : " (" + String.join(", ", o.choices())
                            + ")") + (o.dflt().isEmpty() ? "" : "; default: " + o.dflt())).build());
        }
        ((Check) check.userObject()).checker = checker;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof VariantException) {
                List<VariantException> all = ((VariantException) ex).errors();
                all.forEach(e -> err.println("dirtyproof: " + Text.clean(e.getMessage())));
                if (all.size() > 1) {
                    err.println("dirtyproof: " + all.size() + " problems; nothing was checked");
                }
                return 2;
            }
            if (ex instanceof BadInput) {
                err.println("dirtyproof: " + ex.getMessage());
                return 2;
            }
            err.println("dirtyproof: internal error, no verdict: " + ex);
            if (Boolean.getBoolean("dirtyproof.debug")) {
                ex.printStackTrace(err);
            }
            return 3;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            err.println("dirtyproof: " + ex.getMessage());
            err.println("Try 'dirtyproof " + (ex.getCommandLine().getCommandName().equals("dirtyproof") ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** Bad input found after parsing: a clear message and exit 2. */
    static final class BadInput extends RuntimeException {
        BadInput(String m) {
            super(m);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check variants with the back-ends and compare each verdict with its 'expect'.",
                "PATH is a variant file or a folder of them; or describe one variant with the options below."},
            footer = {"", "Verdicts: lost-write (a counterexample replayed in Java), safe (TLC, exhaustive,",
                "found none), no-lost-write-found (sampling back-ends only), disagreement, inconclusive.",
                "", "Exit codes:",
                "  0  every verdict matches its expect (no-lost-write-found counts for safe)",
                "  1  a verdict differs from its expect, or a write is lost where none was expected",
                "  2  bad input: a variant file, a key, an option; nothing was checked",
                "  3  inconclusive: a verdict, or a back-end that did not finish",
                "  4  disagreement: TLC's proof against a replayed lost write, or a trace",
                "     that does not replay in Java",
                "When several apply, the first of 4, 1, 3 wins."})
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "0..*", description = "variant files or folders (e.g. variants/)")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--backend", split = ",", paramLabel = "NAME",
                description = "back-ends to run: tlc, lincheck, jcstress (default: all three)")
        List<String> backends = new ArrayList<>();

        @Option(names = "--json", paramLabel = "FILE", description = "write the JSON report here ('-': to standard"
                + " output, the human output then goes to standard error)")
        Path json;

        @Option(names = "--junit", paramLabel = "FILE", description = "write a JUnit XML report here")
        Path junit;

        @Option(names = "--report", paramLabel = "DIR", description = "write one text report per variant here")
        Path report;

        @Option(names = "--markdown", paramLabel = "FILE", description = "write a Markdown report here (a table, and"
                + " each counterexample as a Mermaid sequence diagram): for CI job summaries and PR comments")
        Path markdown;

        @Option(names = "--html", paramLabel = "DIR", description = "write a self-contained HTML page here,"
                + " DIR/index.html (the table, an SVG swimlane per counterexample)")
        Path html;

        @Option(names = "--ktap", paramLabel = "FILE", description = "write KTAP here, for kernel CI (lost-write: not ok,"
                + " safe: ok, inconclusive: SKIP)")
        Path ktap;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
                description = "the most one back-end may take on one variant, " + MIN_TIMEOUT + ".." + MAX_TIMEOUT
                        + " (default: ${DEFAULT-VALUE})")
        long timeout;

        @Option(names = "--traces", description = "print every counterexample (default: only when a single variant"
                + " is checked, or a verdict is unexpected)")
        boolean traces;

        @Option(names = "--audit-locks", description = "for each variant TLC finds safe, check it again without each"
                + " lock section in turn (each mmu-lock step, the fault path's lock) and list which ones it needs"
                + " (TLC only; one run per section)")
        boolean auditLocks;

        /** The orchestration, with the back-ends found on the class path; set by {@link #run}. */
        Checker checker;

        // --- an inline variant: the keys of a variant file -------------------------------------
        @Option(names = "--name", description = "name of the inline variant (default: inline)")
        String name;
        @Option(names = "--protocol", description = "the protocol family: get-log, clear-log, switch-log, srcu-swap, ring,"
                + " ring-with-bitmap")
        String protocol;
        @Option(names = "--summary", description = "one line saying where the variant comes from")
        String summary;
        @Option(names = "--harvest", paramLabel = "STEPS", description = "harvest steps in order, e.g. snapshot-clear,write-protect,flush-tlb,copy-to-user")
        String harvest;
        @Option(names = "--mmu-lock", paramLabel = "STEPS", description = "harvest steps done under mmu_lock ('' for none)")
        String mmuLock;
        @Option(names = "--clear-op", description = "xchg | load-store")
        String clearOp;
        @Option(names = "--set-op", description = "atomic | non-atomic")
        String setOp;
        @Option(names = "--fault-path", description = "fast | locked | mixed")
        String faultPath;
        @Option(names = "--fault-order", paramLabel = "STEPS", description = "make-writable,mark-dirty in either order")
        String faultOrder;
        @Option(names = "--flush", description = "sync | async")
        String flush;
        @Option(names = "--host-writes", description = "true | false")
        String hostWrites;
        @Option(names = "--bounds", paramLabel = "K=V,...", description = "e.g. pages=2,pages-per-word=2,vcpus=2,writes=2,rounds=1")
        String bounds;
        @Option(names = "--expect", description = "safe | lost-write")
        String expect;
        @Option(names = "--key", paramLabel = "KEY=VALUE", description = "any other key of the protocol, its value"
                + " written as in a variant file (YAML): --key push-order=[flag,fields] --key reapers=2")
        List<String> extraKeys = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (timeout < MIN_TIMEOUT || timeout > MAX_TIMEOUT) {
                throw new BadInput("option '--timeout': " + timeout + " is out of range; give seconds in " + MIN_TIMEOUT
                        + ".." + MAX_TIMEOUT);
            }
            // every output is checked before any back-end runs
            OutputPaths outputs = new OutputPaths().file("--json", json).file("--junit", junit).folder("--report", report)
                    .file("--markdown", markdown).folder("--html", html).file("--ktap", ktap);
            outputs.check();
            // with --json -, standard output carries the JSON only
            PrintWriter out = outputs.usesStdout() ? err : spec.commandLine().getOut();
            List<Variant> variants = variants();
            List<String> names = backendNames();
            Map<String, String> extra = new LinkedHashMap<>();
            for (BackendOption o : checker.options()) {
                Object value = spec.findOption(o.flag()).getValue();
                if (value != null) {
                    extra.put(o.key(), (String) value);
                }
            }
            String problem = checker.problem(names, extra);
            if (problem != null) {
                throw new BadInput(problem);
            }
            BackendOptions options = BackendOptions.defaults().withTimeout(Duration.ofSeconds(timeout)).withExtra(extra);
            List<String> missing = names.stream().filter(n -> !checker.available().containsKey(n))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                err.println("dirtyproof: back-end" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + (missing.size() > 1 ? " are" : " is") + " not available in this build: no verdict from "
                        + (missing.size() > 1 ? "them" : "it") + " (inconclusive). Available: "
                        + (checker.available().isEmpty() ? "none yet" : String.join(", ", checker.available().keySet()))
                        + ".");
            }
            boolean showTraces = traces || variants.size() == 1;
            String auditProblem = auditLocks ? LockAudit.problem(names) : null;
            if (auditProblem != null) {
                throw new BadInput(auditProblem);
            }
            LockAudit locks = new LockAudit(checker, options);
            List<VariantResult> results;
            try (Progress progress = new Progress(err, Progress.terminal(), variants.size(), r -> {
                TextReport.print(out, r, showTraces);
                locks.lines(r, auditLocks).forEach(l -> out.println("    " + l));
                out.flush();
            })) {
                results = checker.check(variants, names, options, progress);
            }
            int verdicts = VariantResult.exitCode(results);
            outputs.write("--json", err, () -> Reports.writeJson(outputs.get("--json"), spec.commandLine().getOut(),
                    results, verdicts));
            outputs.write("--junit", err, () -> Reports.writeJunit(junit, results));
            outputs.write("--report", err, () -> Reports.writeReportDir(report, results));
            outputs.write("--markdown", err, () -> MarkdownReport.write(markdown, results, verdicts));
            outputs.write("--html", err, () -> HtmlReport.write(html, results, verdicts));
            outputs.write("--ktap", err, () -> KtapReport.write(ktap, results));
            // a report that could not be written: exit 3 (unless 4 or 1 says more)
            int code = outputs.failed() && verdicts == 0 ? 3 : verdicts;
            TextReport.summary(out, results, code);
            return code;
        }

        private List<Variant> variants() {
            Map<String, Object> inline = inlineKeys();
            if (!inline.isEmpty() && !paths.isEmpty()) {
                throw new BadInput("give variant files or folders, or the options of one inline variant ("
                        + String.join(", ", inline.keySet().stream().map(k -> "--" + k).collect(Collectors.toList()))
                        + "), not both");
            }
            if (!inline.isEmpty()) {
                inline.putIfAbsent("name", "inline");
                return List.of(VariantLoader.fromKeys(inline, "command line", null, "option"));
            }
            if (paths.isEmpty()) {
                throw new BadInput("nothing to check: give variant files or folders (e.g. variants/), or an inline"
                        + " variant with --protocol get-log and the keys that differ from today's kernel");
            }
            return VariantLoader.load(paths);
        }

        /** The inline variant options as the typed keys of a variant file. */
        private Map<String, Object> inlineKeys() {
            Map<String, Object> k = new LinkedHashMap<>();
            put(k, "name", name);
            put(k, "protocol", protocol);
            put(k, "summary", summary);
            if (harvest != null) {
                k.put("harvest", list("--harvest", harvest));
            }
            if (mmuLock != null) {
                k.put("mmu-lock", list("--mmu-lock", mmuLock));
            }
            put(k, "clear-op", clearOp);
            put(k, "set-op", setOp);
            put(k, "fault-path", faultPath);
            if (faultOrder != null) {
                k.put("fault-order", list("--fault-order", faultOrder));
            }
            put(k, "flush", flush);
            if (hostWrites != null) {
                k.put("host-writes", hostWrites.equals("true") ? Boolean.TRUE : hostWrites.equals("false")
                        ? (Object) Boolean.FALSE : hostWrites);
            }
            if (bounds != null) {
                Map<String, Object> b = new LinkedHashMap<>();
                for (String kv : list("--bounds", bounds)) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new BadInput("option '--bounds': '" + kv + "' is not key=value; e.g. --bounds pages=2,vcpus=1");
                    }
                    String v = kv.substring(eq + 1).trim();
                    Object val;
                    try {
                        val = Integer.valueOf(v);
                    } catch (NumberFormatException e) {
                        val = v;
                    }
                    if (b.put(kv.substring(0, eq).trim(), val) != null) {
                        throw new BadInput("option '--bounds': " + kv.substring(0, eq).trim() + " is given twice; give"
                                + " each bound once");
                    }
                }
                k.put("bounds", b);
            }
            put(k, "expect", expect);
            for (String kv : extraKeys) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new BadInput("option '--key': '" + kv + "' is not KEY=VALUE; e.g. --key reapers=2");
                }
                String key = kv.substring(0, eq).trim();
                if (k.containsKey(key)) {
                    throw new BadInput("option '--key': key '" + key + "' is given twice");
                }
                Object value;
                try {
                    value = Json.read(kv.substring(eq + 1));
                } catch (RuntimeException e) {
                    throw new BadInput("option '--key': the value of " + key + " is not a YAML value: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
                k.put(key, value);
            }
            return k;
        }

        private static void put(Map<String, Object> k, String key, String v) {
            if (v != null) {
                k.put(key, v);
            }
        }

        /** A comma list; '' is the empty list, an empty item (a,,b or ',,,') is bad input. */
        private static List<String> list(String option, String s) {
            if (s.isBlank()) {
                return List.of();
            }
            List<String> r = Arrays.stream(s.split(",", -1)).map(String::trim).collect(Collectors.toList());
            if (r.contains("")) {
                throw new BadInput("option '" + option + "': '" + s + "' has an empty item; give names separated by"
                        + " single commas" + (option.equals("--mmu-lock") ? ", or '' for none" : ""));
            }
            return r;
        }

        private List<String> backendNames() {
            if (backends.isEmpty()) {
                return Checker.DEFAULT_BACKENDS;
            }
            Set<String> valid = new LinkedHashSet<>(Checker.DEFAULT_BACKENDS);
            valid.addAll(checker.available().keySet());
            Set<String> r = new LinkedHashSet<>();
            for (String b : backends) {
                String n = b.trim();
                if (!valid.contains(n)) {
                    throw new BadInput("option '--backend': unknown back-end '" + n + "'; valid choices: "
                            + String.join(", ", valid));
                }
                r.add(n);
            }
            return new ArrayList<>(r);
        }

    }

    @Command(name = "variants", mixinStandardHelpOptions = true,
            description = "List the catalog: name, protocol, expected verdict, summary.")
    static final class Variants implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "0..*", description = "variant files or folders (default: the catalog, variants/)")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() {
            List<Path> p = paths.isEmpty() ? List.of(BackendOptions.defaultHome().resolve("variants")) : paths;
            List<Variant> vs = VariantLoader.load(p);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-28s %-9s %-11s %s%n", "NAME", "PROTOCOL", "EXPECT", "SUMMARY");
            for (Variant v : vs) {
                out.printf("%-28s %-9s %-11s %s%n", Text.clean(v.name()), v.protocol(),
                        v.expect() == null ? "-" : v.expect().id(), Text.clean(v.summary()));
                out.printf("%-28s %s%n", "", v.describe() + Text.nonDefaultBounds(v));
            }
            out.flush();
            return 0;
        }
    }

    static Path path(String s) {
        return Paths.get(s);
    }
}
