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

    /** One back-end on one variant: never throws; a missing back-end or any failure is INCONCLUSIVE. */
    public BackendResult run(String backend, Variant v, BackendOptions options) {
        Backend b = available.get(backend);
        if (b == null) {
            return BackendResult.inconclusive(backend, 0, "back-end " + backend + " is not available in this build");
        }
        return b.check(v, options);
    }

    /** Every back-end on every variant, in order. */
    public List<VariantResult> check(List<Variant> variants, List<String> backends, BackendOptions options,
                                     Listener listener) {
        List<VariantResult> r = new ArrayList<>();
        for (Variant v : variants) {
            Map<String, BackendResult> results = new LinkedHashMap<>();
            for (String b : backends) {
                listener.starting(v, b);
                results.put(b, run(b, v, options));
            }
            VariantResult vr = new VariantResult(v, results);
            listener.done(vr);
            r.add(vr);
        }
        return r;
    }
}
