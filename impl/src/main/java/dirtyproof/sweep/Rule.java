package dirtyproof.sweep;

import dirtyproof.variant.KeyDef;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rule of a sweep (DESIGN.md section 7): the smallest conjunction of {@link Condition}s that holds on
 * exactly the safe variants -- on every safe one and on no lost-write one -- checked against every variant of
 * the sweep. When no conjunction of those conditions separates them, the rule says so and names the
 * exceptions: the lost-write variants on which every condition the safe variants share holds.
 *
 * @param conditions  the conjunction (empty: "true"); when {@code separates} is false, the conjunction that
 *                    rules out every lost-write variant but the exceptions
 * @param separates   the conjunction holds on every safe variant and on no lost-write one, verified
 * @param smallest    no shorter conjunction of the candidate conditions does the same (false only when the
 *                    search was too large to be exhaustive and a greedy one was used)
 * @param alternatives other conjunctions of the same size that separate as well (at most {@link #MAX_ALTERNATIVES})
 * @param exceptions  the lost-write variants no conjunction can exclude (by name)
 * @param safe        how many safe variants the rule was derived from
 * @param lost        how many lost-write variants
 * @param unresolved  variants with neither verdict (inconclusive): the rule says nothing of them
 */
public record Rule(List<Condition> conditions, boolean separates, boolean smallest, List<List<Condition>> alternatives,
                   List<String> exceptions, int safe, int lost, List<String> unresolved) {

    /** The most alternative conjunctions a rule lists. */
    public static final int MAX_ALTERNATIVES = 5;

    /** The most subsets the exact search tries before it settles for a greedy cover. */
    static final long SEARCH_LIMIT = 20_000_000L;

    /** One variant of a sweep as the rule sees it: its keys and its verdict (safe, lost-write, inconclusive). */
    public record Verdict(String name, Map<String, Object> keys, String verdict) {
        boolean safe() {
            return verdict.equals("safe");
        }

        boolean lost() {
            return verdict.equals("lost-write");
        }
    }

    /** The conjunction as text: "a before b and c under mmu_lock"; "true" for the empty one. */
    public String text() {
        return text(conditions);
    }

    static String text(List<Condition> cs) {
        return cs.isEmpty() ? "true" : cs.stream().map(Condition::text).collect(Collectors.joining(" and "));
    }

    /** One sentence for reports: the rule, or why there is none. */
    public String summary() {
        String open = unresolved.isEmpty() ? "" : " (" + unresolved.size() + " inconclusive variant"
                + (unresolved.size() == 1 ? "" : "s") + " left out: " + String.join(", ", unresolved) + ")";
        if (safe == 0 && lost == 0) {
            return "no rule: no variant has a verdict" + open;
        }
        if (safe == 0) {
            return "no variant is safe" + open;
        }
        if (lost == 0) {
            return "every variant is safe" + open;
        }
        if (!separates) {
            return "no conjunction of conditions (a before b, a in harvest, a under mmu_lock, key = value) holds on"
                    + " exactly the safe variants: " + exceptions.size() + " lost-write variant"
                    + (exceptions.size() == 1 ? "" : "s") + " (" + String.join(", ", exceptions) + ") satisfy every"
                    + " condition the " + safe + " safe ones share" + (conditions.isEmpty() ? ""
                    : "; the others are excluded by: " + text()) + open;
        }
        return "safe exactly when " + text() + " (verified on all " + (safe + lost) + " variants: it holds on the "
                + safe + " safe and on none of the " + lost + " lost-write ones" + (smallest ? "" : "; a greedy search,"
                + " a shorter conjunction may exist") + ")" + open;
    }

    /** The rule as the sweep's JSON writes it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", separates ? text() : null);
        m.put("summary", summary());
        m.put("conditions", conditions.stream().map(Condition::text).collect(Collectors.toList()));
        m.put("separates", separates);
        m.put("smallest", smallest);
        m.put("alternatives", alternatives.stream().map(Rule::text).collect(Collectors.toList()));
        m.put("exceptions", exceptions);
        m.put("safe", safe);
        m.put("lost-write", lost);
        m.put("unresolved", unresolved);
        return m;
    }

    /**
     * Derives the rule of a sweep's verdicts. {@code defs} describe the keys (what conditions they allow); only
     * keys whose values differ between the variants give conditions.
     */
    public static Rule derive(List<Verdict> variants, List<KeyDef> defs) {
        List<Verdict> safe = new ArrayList<>();
        List<Verdict> lost = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (Verdict v : variants) {
            if (v.safe()) {
                safe.add(v);
            } else if (v.lost()) {
                lost.add(v);
            } else {
                unresolved.add(v.name());
            }
        }
        if (safe.isEmpty() || lost.isEmpty()) {
            // Every variant with a verdict is safe (the rule is "true"), or none is (no conjunction holds on none).
            return new Rule(List.of(), lost.isEmpty() && !safe.isEmpty(), true, List.of(), List.of(), safe.size(),
                    lost.size(), unresolved);
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        safe.forEach(v -> keys.add(v.keys()));
        lost.forEach(v -> keys.add(v.keys()));
        // Only a condition that holds on every safe variant can be part of the conjunction.
        List<Condition> shared = new ArrayList<>();
        for (Condition c : Condition.candidates(keys, defs)) {
            if (safe.stream().allMatch(v -> c.holds(v.keys()))) {
                shared.add(c);
            }
        }
        // What each excludes: the lost-write variants on which it does not hold.
        List<BitSet> kills = new ArrayList<>();
        BitSet coverable = new BitSet();
        for (Condition c : shared) {
            BitSet k = new BitSet();
            for (int i = 0; i < lost.size(); i++) {
                if (!c.holds(lost.get(i).keys())) {
                    k.set(i);
                }
            }
            kills.add(k);
            coverable.or(k);
        }
        List<String> exceptions = new ArrayList<>();
        for (int i = 0; i < lost.size(); i++) {
            if (!coverable.get(i)) {
                exceptions.add(lost.get(i).name());
            }
        }
        // A condition that excludes only what another excludes too never makes a conjunction shorter.
        List<Integer> useful = new ArrayList<>();
        for (int i = 0; i < shared.size(); i++) {
            boolean dominated = kills.get(i).isEmpty();
            for (int j = 0; j < shared.size() && !dominated; j++) {
                if (j != i) {
                    BitSet and = (BitSet) kills.get(i).clone();
                    and.andNot(kills.get(j));
                    boolean subset = and.isEmpty();
                    boolean equal = kills.get(i).equals(kills.get(j));
                    dominated = subset && (!equal || j < i);
                }
            }
            if (!dominated) {
                useful.add(i);
            }
        }
        List<List<Integer>> best = new ArrayList<>();
        boolean exhaustive = true;
        long tried = 0;
        for (int size = 0; size <= useful.size() && best.isEmpty(); size++) {
            long combos = binomial(useful.size(), size);
            if (tried + combos > SEARCH_LIMIT) {
                exhaustive = false;
                break;
            }
            tried += combos;
            int[] idx = new int[size];
            for (int k = 0; k < size; k++) {
                idx[k] = k;
            }
            while (true) {
                BitSet u = new BitSet();
                for (int k : idx) {
                    u.or(kills.get(useful.get(k)));
                }
                if (u.equals(coverable)) {
                    List<Integer> pick = new ArrayList<>();
                    for (int k : idx) {
                        pick.add(useful.get(k));
                    }
                    best.add(pick);
                    if (best.size() > MAX_ALTERNATIVES) {
                        break;
                    }
                }
                if (!next(idx, useful.size())) {
                    break;
                }
            }
        }
        if (best.isEmpty()) {
            best.add(greedy(useful, kills, coverable));
        }
        List<Condition> conj = pick(shared, best.get(0));
        List<List<Condition>> alternatives = new ArrayList<>();
        for (int k = 1; k < best.size() && alternatives.size() < MAX_ALTERNATIVES; k++) {
            alternatives.add(pick(shared, best.get(k)));
        }
        // Check the conjunction against every variant, not only the bit sets it was found with.
        boolean separates = exceptions.isEmpty();
        for (Verdict v : safe) {
            separates &= conj.stream().allMatch(c -> c.holds(v.keys()));
        }
        for (Verdict v : lost) {
            boolean holds = conj.stream().allMatch(c -> c.holds(v.keys()));
            if (holds != exceptions.contains(v.name())) {
                throw new IllegalStateException("the rule '" + text(conj) + "' does not hold as derived on " + v.name());
            }
        }
        return new Rule(conj, separates, exhaustive, alternatives, exceptions, safe.size(), lost.size(), unresolved);
    }

    private static List<Condition> pick(List<Condition> shared, List<Integer> idx) {
        List<Condition> r = new ArrayList<>();
        for (int i : idx) {
            r.add(shared.get(i));
        }
        return r;
    }

    private static List<Integer> greedy(List<Integer> useful, List<BitSet> kills, BitSet coverable) {
        List<Integer> r = new ArrayList<>();
        BitSet covered = new BitSet();
        while (!covered.equals(coverable)) {
            int bestI = -1;
            int bestN = 0;
            for (int i : useful) {
                BitSet k = (BitSet) kills.get(i).clone();
                k.andNot(covered);
                if (k.cardinality() > bestN) {
                    bestN = k.cardinality();
                    bestI = i;
                }
            }
            r.add(bestI);
            covered.or(kills.get(bestI));
        }
        r.sort(null);
        return r;
    }

    /** The next k-subset of 0..n-1 in lexicographic order; false after the last. */
    private static boolean next(int[] idx, int n) {
        int k = idx.length;
        int i = k - 1;
        while (i >= 0 && idx[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        idx[i]++;
        for (int j = i + 1; j < k; j++) {
            idx[j] = idx[j - 1] + 1;
        }
        return true;
    }

    private static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
            if (r > SEARCH_LIMIT) {
                return SEARCH_LIMIT + 1;
            }
        }
        return r;
    }

    /** For tests and messages: the verdict names of a list. */
    static List<String> names(Collection<Verdict> vs) {
        return vs.stream().map(Verdict::name).collect(Collectors.toList());
    }
}
