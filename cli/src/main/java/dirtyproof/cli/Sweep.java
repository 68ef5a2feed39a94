package dirtyproof.cli;

import dirtyproof.backend.BackendOptions;
import dirtyproof.check.Checker;
import dirtyproof.model.Json;
import dirtyproof.sweep.SweepCache;
import dirtyproof.sweep.SweepPlan;
import dirtyproof.sweep.SweepReport;
import dirtyproof.sweep.SweepResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code dirtyproof sweep}: every combination of the varied keys, checked, and the rule (DESIGN.md section 7).
 * The enumeration, the checking and the rule are impl's ({@link dirtyproof.sweep}); this class parses and prints.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Check every combination of the varied keys with TLC and derive the rule: the smallest"
                + " conjunction of conditions (a before b, a in harvest, a under mmu_lock, key = value) that holds on"
                + " exactly the safe combinations.",
            "Exit codes: 0 a rule separates the safe combinations, 1 no rule of that form does, 2 bad input,"
                + " 3 a combination is inconclusive."})
final class Sweep implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--protocol", required = true, description = "the protocol family: get-log, ...")
    String protocol;

    @Option(names = "--vary", required = true, split = ",", paramLabel = "KEY",
            description = "keys to vary: harvest-order (every order of the harvest steps), harvest-subset, mmu-lock"
                    + " (every subset of the harvest under mmu_lock), or any key with choices (fault-path, clear-op,"
                    + " flush, set-op, host-writes, fault-order, ...)")
    List<String> vary = new ArrayList<>();

    @Option(names = "--key", paramLabel = "KEY=VALUE", description = "fix a key for every combination, its value"
            + " written as in a variant file (YAML): --key fault-path=locked --key mmu-lock=[]")
    List<String> keys = new ArrayList<>();

    @Option(names = "--bounds", paramLabel = "K=V,...", description = "bounds of every combination, e.g. vcpus=1,pages=2")
    String bounds;

    @Option(names = "--shard", paramLabel = "K/N", description = "check only shard K of N (every N-th combination);"
            + " join the shards' --json files with 'dirtyproof merge'")
    String shard;

    @Option(names = "--backend", split = ",", paramLabel = "NAME", defaultValue = "tlc",
            description = "back-ends: tlc (default); add lincheck, jcstress to run them too, one variant at a time")
    List<String> backends = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "TLC model checks at once, one worker each"
            + " (default: one per core)")
    Integer jobs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "the most one back-end may take on one combination (default: ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = "--no-cache", description = "check every combination again instead of reusing kept answers")
    boolean noCache;

    @Option(names = "--cache", paramLabel = "DIR", description = "where answers are kept (default:"
            + " target/dirtyproof-work/cache of the checkout)")
    Path cacheDir;

    @Option(names = "--json", paramLabel = "FILE", description = "write the table and the rule as JSON here")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the table and the rule as Markdown here")
    Path markdown;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] kn = shard(shard);
        SweepPlan plan = SweepPlan.of(protocol, vary, fixedKeys());
        Checker checker = new Checker();
        List<String> names = backends.stream().map(String::strip).distinct().collect(Collectors.toList());
        for (String b : names) {
            if (!Checker.DEFAULT_BACKENDS.contains(b) && !checker.available().containsKey(b)) {
                throw new Main.BadInput("option '--backend': unknown back-end '" + b + "'; valid choices: "
                        + String.join(", ", Checker.DEFAULT_BACKENDS));
            }
        }
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new Main.BadInput("option '--jobs': " + j + " is not a number of jobs; at least 1");
        }
        BackendOptions options = BackendOptions.defaults().withTimeout(Duration.ofSeconds(timeout));
        SweepCache cache = noCache ? null : cacheDir != null ? new SweepCache(cacheDir) : SweepCache.in(options);
        List<SweepPlan.Combination> mine = plan.shard(kn[0], kn[1]);
        err.println("dirtyproof: sweep of " + protocol + " varying " + String.join(",", vary) + ": "
                + plan.combinations().size() + " combinations" + (kn[1] > 1 ? ", shard " + kn[0] + "/" + kn[1] + " checks "
                + mine.size() : "") + ", " + String.join(",", names) + ", " + j + " at a time");
        err.flush();
        SweepResult r = dirtyproof.sweep.Sweep.run(plan, kn[0], kn[1], checker,
                new dirtyproof.sweep.Sweep.Settings(names, options, j, cache), (e, done, of) -> {
                    err.println("dirtyproof: " + done + "/" + of + " " + e.name() + " " + e.verdict());
                    err.flush();
                });
        out.print(SweepReport.text(r));
        out.flush();
        write(json, r.json());
        write(markdown, SweepReport.markdown(r));
        return r.exitCode();
    }

    static void write(Path file, String text) throws IOException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    private static int[] shard(String s) {
        if (s == null) {
            return new int[] {1, 1};
        }
        Matcher m = SHARD.matcher(s.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new Main.BadInput("option '--shard': '" + s + "' is not K/N with 1 <= K <= N, e.g. --shard 1/2");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** --key and --bounds as the typed keys of a variant file. */
    private Map<String, Object> fixedKeys() {
        Map<String, Object> k = new LinkedHashMap<>();
        for (String kv : keys) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Main.BadInput("option '--key': '" + kv + "' is not KEY=VALUE; e.g. --key fault-path=locked");
            }
            String key = kv.substring(0, eq).strip();
            if (k.containsKey(key)) {
                throw new Main.BadInput("option '--key': key '" + key + "' is given twice");
            }
            try {
                k.put(key, Json.read(kv.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new Main.BadInput("option '--key': the value of " + key + " is not a YAML value: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        if (bounds != null) {
            if (k.containsKey("bounds")) {
                throw new Main.BadInput("option '--bounds': bounds are also given with --key");
            }
            Map<String, Object> b = new LinkedHashMap<>();
            for (String kv : Arrays.stream(bounds.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                    .collect(Collectors.toList())) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new Main.BadInput("option '--bounds': '" + kv + "' is not key=value; e.g. --bounds pages=2,vcpus=1");
                }
                String v = kv.substring(eq + 1).strip();
                Object val;
                try {
                    val = Integer.valueOf(v);
                } catch (NumberFormatException e) {
                    val = v;
                }
                b.put(kv.substring(0, eq).strip(), val);
            }
            k.put("bounds", b);
        }
        return k;
    }
}
