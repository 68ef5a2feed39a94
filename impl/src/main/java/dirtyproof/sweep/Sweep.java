package dirtyproof.sweep;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.check.Checker;
import dirtyproof.check.VariantResult;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a sweep (DESIGN.md section 7): checks every combination of a {@link SweepPlan} (or of one shard of it)
 * with the back-ends, reusing what the {@link SweepCache} holds, and derives the {@link Rule}.
 *
 * <p>TLC runs first, as many model checks at a time as {@code jobs} (one TLC worker each: on a small model
 * several one-worker processes finish sooner than one process with several workers). The sampling back-ends,
 * when asked for, run afterwards one variant at a time, since each of them wants every core for itself.
 */
public final class Sweep {

    /** Told about progress. */
    @FunctionalInterface
    public interface Listener {
        /** One combination has all its answers: the {@code finished}th of {@code of}. */
        void done(SweepResult.Entry e, int finished, int of);
    }

    /**
     * How to run.
     *
     * @param backends the back-ends, TLC first when present
     * @param options  what every back-end gets (timeout, work directory, extra knobs)
     * @param jobs     how many TLC model checks run at once
     * @param cache    where answers are kept and reused, or null for none
     */
    public record Settings(List<String> backends, BackendOptions options, int jobs, SweepCache cache) {
        public Settings {
            backends = List.copyOf(backends);
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
            }
        }
    }

    private Sweep() {
    }

    /** The TLC back-end's name. */
    public static final String TLC = "tlc";

    /** Checks the combinations of shard k of n of the plan (1/1: all of them). */
    public static SweepResult run(SweepPlan plan, int k, int n, Checker checker, Settings s, Listener listener)
            throws InterruptedException {
        List<SweepPlan.Combination> mine = plan.shard(k, n);
        Map<Integer, String> rejected = new TreeMap<>();
        List<SweepPlan.Combination> todo = new ArrayList<>();
        for (SweepPlan.Combination c : mine) {
            if (c.valid()) {
                todo.add(c);
            } else {
                rejected.put(c.index(), c.problem());
            }
        }
        Map<Integer, Map<String, BackendResult>> answers = new TreeMap<>();
        Map<Integer, Map<String, Boolean>> cached = new TreeMap<>();
        for (SweepPlan.Combination c : todo) {
            answers.put(c.index(), new LinkedHashMap<>());
            cached.put(c.index(), new LinkedHashMap<>());
        }
        int[] finished = {0};
        List<SweepResult.Entry> entries = new ArrayList<>();
        if (s.backends().contains(TLC)) {
            BackendOptions tlcOptions = s.options();
            if (!tlcOptions.extra().containsKey("tlc.workers")) {
                Map<String, String> extra = new LinkedHashMap<>(tlcOptions.extra());
                extra.put("tlc.workers", "1");
                tlcOptions = tlcOptions.withExtra(extra);
            }
            ExecutorService pool = Executors.newFixedThreadPool(s.jobs());
            try {
                List<Future<?>> fs = new ArrayList<>();
                BackendOptions o = tlcOptions;
                for (SweepPlan.Combination c : todo) {
                    fs.add(pool.submit(() -> {
                        BackendResult r = answer(checker, TLC, c.variant(), o, s.cache(), cached.get(c.index()));
                        synchronized (answers) {
                            answers.get(c.index()).put(TLC, r);
                        }
                        if (s.backends().size() == 1) {
                            SweepResult.Entry e = entry(c, answers.get(c.index()), cached.get(c.index()));
                            synchronized (entries) {
                                entries.add(e);
                                listener.done(e, ++finished[0], todo.size());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("a sweep job failed: " + e.getCause(), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (!(s.backends().size() == 1 && s.backends().contains(TLC))) {
            for (SweepPlan.Combination c : todo) {
                Map<String, BackendResult> a = answers.get(c.index());
                Map<String, BackendResult> ordered = new LinkedHashMap<>();
                for (String b : s.backends()) {
                    ordered.put(b, a.containsKey(b) ? a.get(b)
                            : answer(checker, b, c.variant(), s.options(), s.cache(), cached.get(c.index())));
                }
                SweepResult.Entry e = entry(c, ordered, cached.get(c.index()));
                entries.add(e);
                listener.done(e, ++finished[0], todo.size());
            }
        }
        return SweepResult.of(plan.protocol(), plan.vary(), plan.variedKeys(), plan.fixed(),
                plan.combinations().size(), List.of(k + "/" + n), entries, rejected);
    }

    private static SweepResult.Entry entry(SweepPlan.Combination c, Map<String, BackendResult> answers,
                                           Map<String, Boolean> cached) {
        VariantResult vr = new VariantResult(c.variant(), answers);
        Map<String, Map<String, Object>> backends = new LinkedHashMap<>();
        for (String b : answers.keySet()) {
            Map<String, Object> m = vr.backendMap(b);
            m.put("cached", cached.getOrDefault(b, false));
            backends.put(b, m);
        }
        return new SweepResult.Entry(c.index(), c.name(), c.variant().keys(), vr.verdict().id(), backends);
    }

    /** One back-end's answer: from the cache when it holds one, else checked (and kept when conclusive). */
    private static BackendResult answer(Checker checker, String backend, Variant v, BackendOptions o, SweepCache cache,
                                        Map<String, Boolean> cached) {
        Backend b = checker.available().get(backend);
        String key = null;
        if (cache != null && b != null) {
            key = cache.key(b, v, o);
            BackendResult hit = key == null ? null : cache.get(key);
            if (hit != null && hit.verdict() == Verdict.UNSAFE) {
                // a kept lost write counts only if it replays in today's implementation (an answer kept without
                // "replayed", by an older dirtyproof, is checked again)
                hit = hit.replayed() ? Checker.confirm(v, hit) : null;
                hit = hit != null && hit.replayed() ? hit : null;
            }
            if (hit != null) {
                synchronized (cached) {
                    cached.put(backend, true);
                }
                return hit;
            }
        }
        BackendResult r = checker.run(backend, v, o);
        if (key != null && r.verdict() != Verdict.INCONCLUSIVE) {
            cache.put(key, r);
        }
        return r;
    }
}
