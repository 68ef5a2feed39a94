package dirtyproof.backend;

import dirtyproof.family.Families;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * A way of deciding whether a variant can lose a write: TLC on the TLA+ spec, Lincheck or jcstress on the
 * Java implementation (DESIGN.md §4). Implementations register themselves with
 * {@code META-INF/services/dirtyproof.backend.Backend}; the CLI finds them with {@link java.util.ServiceLoader}.
 *
 * <p>Fail closed: {@link #run} answers SAFE only when the tool ran to completion; a timeout, a test that did
 * not run, output that could not be parsed are INCONCLUSIVE with the reason. Whatever {@code run} throws,
 * {@link #check} turns into INCONCLUSIVE: callers use {@code check}, which never throws.
 *
 * <p>Several variants: {@link #checkAll} answers each in order, one result per variant, and never throws; a
 * back-end whose runs share a costly start (jcstress: one harness run for up to eight variants) overrides it and
 * says in {@link #batchSize} how many variants it runs together, so that a caller that wants answers one by one
 * (the checker, printing as it goes) can hand it that many at a time.
 */
public interface Backend {

    /** tlc, lincheck or jcstress: the name used by --backend and in reports. */
    String name();

    /** The options this back-end reads from {@link BackendOptions#extra}; none by default. */
    default List<BackendOption> options() {
        return List.of();
    }

    /**
     * What decides this back-end's answer on the variant besides the variant's own keys -- for TLC the text of
     * every module and the model it writes -- or null when its answers are samples that must not be reused.
     * {@code dirtyproof sweep} keeps answers under a hash of this and the variant's canonical form.
     */
    default String cacheKey(Variant variant, BackendOptions options) throws Exception {
        return null;
    }

    /** Checks one variant; may throw, see {@link #check}. */
    BackendResult run(Variant variant, BackendOptions options) throws Exception;

    /**
     * Checks variants, in order: one result per variant, never throws; each as {@link #check} would answer it
     * (fail closed: whatever did not run to completion for a variant is INCONCLUSIVE for that variant). The
     * default checks each in turn; {@link BackendOptions#timeout} stays the budget of one variant.
     */
    default List<BackendResult> checkAll(List<Variant> variants, BackendOptions options) {
        List<BackendResult> r = new ArrayList<>();
        for (Variant v : variants) {
            r.add(check(v, options));
        }
        return r;
    }

    /**
     * How many variants {@link #checkAll} runs together with these options (1: each on its own, the default):
     * handing it that many at a time costs nothing over handing it all of them.
     */
    default int batchSize(BackendOptions options) {
        return 1;
    }

    /** Checks one variant: {@link #run}, with every exception, error or missing answer made INCONCLUSIVE. */
    default BackendResult check(Variant variant, BackendOptions options) {
        long t0 = System.nanoTime();
        try {
            if (!variant.family().modelled()) {
                return BackendResult.inconclusive(name(), 0, new Families.NotModelledException(variant.protocol()).getMessage());
            }
            BackendResult r = run(variant, options);
            return r != null ? r : BackendResult.inconclusive(name(), (System.nanoTime() - t0) / 1e9, noResult(name()));
        } catch (Exception | Error e) {
            return BackendResult.inconclusive(name(), (System.nanoTime() - t0) / 1e9, failure(name(), e));
        }
    }

    /** The reason of the INCONCLUSIVE answer of back-end {@code name} whose run returned nothing. */
    static String noResult(String name) {
        return "the " + name + " back-end returned no result";
    }

    /**
     * The reason of the INCONCLUSIVE answer of back-end {@code name} whose run threw {@code e}; an interrupt is
     * re-asserted on the calling thread.
     */
    static String failure(String name, Throwable e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return "interrupted while " + name + " was running";
        }
        return "the " + name + " back-end failed: " + e;
    }
}
