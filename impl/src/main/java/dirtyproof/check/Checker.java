package dirtyproof.check;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOption;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs back-ends on variants and adds their answers up (docs/verdicts.md): the orchestration behind
 * {@code dirtyproof check}. The command line only parses and prints.
 */
public final class Checker {

    /** The back-ends, in the order `check` runs them by default. */
    public static final List<String> DEFAULT_BACKENDS = List.of("tlc", "lincheck", "jcstress");

    /** Told about progress: a back-end starting on a variant, a variant done. */
    public interface Listener {
        default void starting(Variant v, String backend) {
        }

        /**
         * The back-end, just told {@code starting} on the first of these variants, runs them together: their
         * answers come when the whole batch is done, the first variant's {@code done} after it.
         */
        default void batch(List<Variant> variants, String backend) {
        }

        default void done(VariantResult r) {
        }
    }

    private final Map<String, Backend> available;

    public Checker() {
        this(discover());
    }

    public Checker(Map<String, Backend> available) {
        this.available = new LinkedHashMap<>(available);
    }

    /** The back-ends on the class path (META-INF/services/dirtyproof.backend.Backend), by name. */
    public static Map<String, Backend> discover() {
        Map<String, Backend> r = new LinkedHashMap<>();
        for (Backend b : ServiceLoader.load(Backend.class)) {
            r.putIfAbsent(b.name(), b);
        }
        return r;
    }

    public Map<String, Backend> available() {
        return available;
    }

    /** Every option the available back-ends declare. */
    public List<BackendOption> options() {
        List<BackendOption> r = new ArrayList<>();
        for (Backend b : available.values()) {
            r.addAll(b.options());
        }
        return r;
    }

    /**
     * Checks back-end options before anything runs: each key must be declared by one of the selected back-ends
     * and its value valid. Returns null when they are, else the problem.
     */
    public String problem(List<String> backends, Map<String, String> extra) {
        for (Map.Entry<String, String> e : extra.entrySet()) {
            BackendOption found = null;
            List<String> known = new ArrayList<>();
            for (String n : backends) {
                Backend b = available.get(n);
                for (BackendOption o : b == null ? List.<BackendOption>of() : b.options()) {
                    known.add(o.flag());
                    if (o.key().equals(e.getKey())) {
                        found = o;
                    }
                }
            }
            String flag = "--" + e.getKey().replace('.', '-');
            if (found == null) {
                return "option '" + flag + "' belongs to no back-end of this check (" + String.join(", ", backends)
                        + "); their options: " + (known.isEmpty() ? "none" : String.join(", ", known));
            }
            String p = found.problem(e.getValue());
            if (p != null) {
                return "option '" + flag + "': " + p;
            }
        }
        return null;
    }

    /**
     * One back-end on one variant: never throws; a missing back-end or any failure is INCONCLUSIVE. A counterexample
     * the back-end says it replayed is replayed again here, through the family ({@link Replays}); one that does not
     * replay is marked so, and the combination makes it a disagreement.
     */
    public BackendResult run(String backend, Variant v, BackendOptions options) {
        Backend b = available.get(backend);
        if (b == null) {
            return BackendResult.inconclusive(backend, 0, "back-end " + backend + " is not available in this build");
        }
        return confirm(v, b.check(v, options));
    }

    /** The result, its counterexample marked not replayed when the checker's own replay does not reproduce it. */
    public static BackendResult confirm(Variant v, BackendResult r) {
        if (r.verdict() != dirtyproof.backend.Verdict.UNSAFE || !r.replayed()) {
            return r;
        }
        String problem;
        try {
            problem = Replays.problem(v, r.counterexample());
        } catch (RuntimeException | Error e) {
            problem = "the checker's replay failed: " + e;
        }
        return problem == null ? r : r.notReplayed(problem);
    }

    /**
     * Every back-end on every variant, in order: for each variant, each back-end, then {@code done}. A back-end
     * that runs several variants together ({@link Backend#batchSize}, jcstress) is handed the next batch of
     * variants ({@link Backend#checkAll}) when the first of them is reached, and its answers for the others are
     * kept until each is reached: the output order and the listener's calls stay one variant at a time; a batched
     * variant's answer is ready at once, its batch's first variant waits for the whole batch.
     */
    public List<VariantResult> check(List<Variant> variants, List<String> backends, BackendOptions options,
                                     Listener listener) {
        Map<String, BackendResult[]> ready = new LinkedHashMap<>();
        List<VariantResult> r = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Map<String, BackendResult> results = new LinkedHashMap<>();
            for (String b : backends) {
                listener.starting(v, b);
                results.put(b, result(b, variants, i, options, listener, ready));
            }
            VariantResult vr = new VariantResult(v, results);
            listener.done(vr);
            r.add(vr);
        }
        return r;
    }

    /** Back-end {@code backend}'s answer on variant {@code i}: from its batch, run now if it has not run yet. */
    private BackendResult result(String backend, List<Variant> variants, int i, BackendOptions options,
                                 Listener listener, Map<String, BackendResult[]> ready) {
        Backend b = available.get(backend);
        if (b == null) {
            return run(backend, variants.get(i), options);
        }
        BackendResult[] known = ready.computeIfAbsent(backend, k -> new BackendResult[variants.size()]);
        if (known[i] == null) {
            int size;
            try {
                size = Math.max(1, b.batchSize(options));
            } catch (RuntimeException | Error e) {
                size = 1;
            }
            List<Variant> batch = variants.subList(i, Math.min(variants.size(), i + size));
            if (batch.size() > 1) {
                listener.batch(batch, backend);
            }
            List<BackendResult> got = checkAll(b, batch, options);
            for (int k = 0; k < batch.size(); k++) {
                known[i + k] = confirm(batch.get(k), got.get(k));
            }
        }
        return known[i];
    }

    /** {@link Backend#checkAll}, made to keep its contract: one result per variant, nothing thrown. */
    static List<BackendResult> checkAll(Backend b, List<Variant> batch, BackendOptions options) {
        List<BackendResult> got;
        String problem = null;
        try {
            got = batch.size() == 1 ? List.of(b.check(batch.get(0), options)) : b.checkAll(batch, options);
        } catch (RuntimeException | Error e) {
            got = null;
            problem = Backend.failure(b.name(), e);
        }
        if (got != null && got.size() != batch.size()) {
            problem = "the " + b.name() + " back-end returned " + got.size() + " results for " + batch.size()
                    + " variants";
            got = null;
        }
        List<BackendResult> r = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            BackendResult x = got == null ? null : got.get(k);
            r.add(x != null ? x : BackendResult.inconclusive(b.name(), 0,
                    problem != null ? problem : Backend.noResult(b.name())));
        }
        return r;
    }
}
