package dirtyproof.sweep;

import dirtyproof.family.Families;
import dirtyproof.family.Family;
import dirtyproof.variant.KeyDef;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantException;
import dirtyproof.variant.VariantLoader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variants of a sweep (DESIGN.md section 7): every combination of the values of the keys it varies, on a
 * base variant (the family's defaults with the keys the user fixed). What a key can take comes from the code
 * that reads it ({@link VariantLoader#keyDefs}), so a new family's keys are sweepable without a list here:
 *
 * <ul>
 *   <li>{@code KEY} of a choice or a boolean: each value;</li>
 *   <li>{@code KEY} or {@code KEY-order} of a list of steps: every permutation of the steps the key may name
 *       ({@code harvest-order}: the 24 orders of get-log's four harvest steps);</li>
 *   <li>{@code KEY-subset}: every subset of the base variant's list, in its order ({@code harvest-subset});
 *       with {@code KEY-order} as well, every order of every subset;</li>
 *   <li>{@code KEY} of a scope ({@code mmu-lock}): every subset of the steps its list draws from, for each
 *       value that list has in the combination.</li>
 * </ul>
 *
 * Combinations are numbered from 1 in a fixed order (the first axis varies slowest), so that the shards of one
 * sweep ({@link #shard}) and their merge agree on every index. A combination the family rejects (an empty
 * harvest where a step is required, say) is kept with its reason and checked by no back-end.
 */
public final class SweepPlan {

    /** The most combinations one sweep may have. */
    public static final int MAX_COMBINATIONS = 100_000;

    /** One varied key: how its values are enumerated. */
    public record Axis(KeyDef def, boolean order, boolean subset) {
        /** As --vary spells it. */
        public String token() {
            if (def.kind() != KeyDef.Kind.STEPS) {
                return def.key();
            }
            return order && subset ? def.key() + "-order," + def.key() + "-subset"
                    : def.key() + (subset ? "-subset" : "-order");
        }
    }

    /**
     * One combination: its 1-based index, its variant's name, the values of the varied keys, and either the
     * variant or why the family rejects it.
     */
    public record Combination(int index, String name, Map<String, Object> values, Variant variant, String problem) {
        public boolean valid() {
            return variant != null;
        }
    }

    private final String protocol;
    private final List<String> vary;
    private final Map<String, Object> fixed;
    private final List<Axis> axes;
    private final List<Combination> combinations;

    private SweepPlan(String protocol, List<String> vary, Map<String, Object> fixed, List<Axis> axes,
                      List<Combination> combinations) {
        this.protocol = protocol;
        this.vary = List.copyOf(vary);
        this.fixed = fixed;
        this.axes = List.copyOf(axes);
        this.combinations = List.copyOf(combinations);
    }

    /**
     * The sweep of {@code protocol} varying {@code vary} (tokens as above) on the family's defaults with the keys
     * of {@code fixed} (a variant file's keys: bounds, fault-path, ...). Bad input -- an unknown protocol or key,
     * a key given both fixed and varied, a key that cannot be enumerated -- is a {@link VariantException}
     * naming the option and the valid choices.
     */
    public static SweepPlan of(String protocol, List<String> vary, Map<String, Object> fixed) {
        Family family = Families.find(protocol == null ? "" : protocol).orElseThrow(() -> bad("protocol",
                (protocol == null ? "is missing" : "'" + protocol + "' is not a protocol") + "; valid choices: "
                        + String.join(", ", Families.ids())));
        if (!family.modelled()) {
            throw bad("protocol", family.title() + ": nothing can check it yet");
        }
        if (vary.isEmpty()) {
            throw bad("vary", "names no key; sweepable keys of " + protocol + ": " + sweepable(protocol));
        }
        for (String k : List.of("name", "protocol", "expect")) {
            if (fixed.containsKey(k)) {
                throw bad(k, "a sweep names its variants itself and expects nothing of them");
            }
        }
        Map<String, KeyDef> defs = new LinkedHashMap<>();
        for (KeyDef d : VariantLoader.keyDefs(protocol)) {
            defs.put(d.key(), d);
        }
        Map<String, Axis> byKey = new LinkedHashMap<>();
        for (String raw : vary) {
            String t = raw.strip();
            String key = t;
            boolean order = false;
            boolean subset = false;
            if (!defs.containsKey(t) && t.endsWith("-order") && defs.containsKey(t.substring(0, t.length() - 6))) {
                key = t.substring(0, t.length() - 6);
                order = true;
            } else if (!defs.containsKey(t) && t.endsWith("-subset") && defs.containsKey(t.substring(0, t.length() - 7))) {
                key = t.substring(0, t.length() - 7);
                subset = true;
            }
            KeyDef d = defs.get(key);
            if (d == null) {
                throw bad("vary", "'" + t + "' is not a key of " + protocol + "; sweepable: " + sweepable(protocol));
            }
            if ((order || subset) && d.kind() != KeyDef.Kind.STEPS) {
                throw bad("vary", "'" + t + "': " + key + " is not a list of steps; vary it as '" + key + "'");
            }
            if (d.kind() == KeyDef.Kind.NUMBER) {
                throw bad("vary", "'" + t + "' is a number (" + d.describe() + "); fix it with --key " + key
                        + "=N and sweep the keys that have choices: " + sweepable(protocol));
            }
            if (fixed.containsKey(key)) {
                throw bad("vary", "'" + t + "': " + key + " is also fixed (--key or its own option); vary it or fix it");
            }
            Axis before = byKey.get(key);
            if (d.kind() == KeyDef.Kind.STEPS && !order && !subset) {
                order = true;
            }
            if (before != null) {
                if (d.kind() != KeyDef.Kind.STEPS || (before.order() && order) || (before.subset() && subset)) {
                    throw bad("vary", "'" + t + "' is given twice");
                }
                byKey.put(key, new Axis(d, before.order() || order, before.subset() || subset));
            } else {
                byKey.put(key, new Axis(d, order, subset));
            }
        }
        // A scope is enumerated after the list it draws from, whatever the order of --vary.
        List<Axis> axes = new ArrayList<>();
        byKey.values().stream().filter(a -> a.def().kind() != KeyDef.Kind.SCOPE).forEach(axes::add);
        byKey.values().stream().filter(a -> a.def().kind() == KeyDef.Kind.SCOPE).forEach(axes::add);
        for (Axis a : axes) {
            if (a.def().kind() == KeyDef.Kind.SCOPE && !defs.containsKey(a.def().within())) {
                throw new IllegalStateException(a.def().key() + " draws from unknown key " + a.def().within());
            }
        }
        Variant base = VariantLoader.fromKeys(keysOf(protocol, "sweep-base", fixed, Map.of()), "command line", null,
                "option");
        Map<String, Object> baseKeys = base.keys();
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object value : values(a, c, baseKeys)) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(a.def().key(), value);
                    next.add(m);
                }
                if (next.size() > MAX_COMBINATIONS) {
                    throw bad("vary", String.join(",", vary) + " has more than " + MAX_COMBINATIONS
                            + " combinations; vary fewer keys, or fix some");
                }
            }
            combos = next;
        }
        int width = String.valueOf(combos.size()).length();
        List<Combination> list = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            String name = protocol + "-" + String.format("%0" + Math.max(2, width) + "d", i + 1);
            Map<String, Object> values = combos.get(i);
            try {
                Variant v = VariantLoader.fromKeys(keysOf(protocol, name, fixed, values), "sweep combination " + (i + 1),
                        null, "key");
                list.add(new Combination(i + 1, name, values, v, null));
            } catch (VariantException e) {
                list.add(new Combination(i + 1, name, values, null, e.getMessage()));
            }
        }
        return new SweepPlan(protocol, vary, Map.copyOf(fixed), axes, list);
    }

    private static Map<String, Object> keysOf(String protocol, String name, Map<String, Object> fixed,
                                              Map<String, Object> values) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", name);
        k.put("protocol", protocol);
        k.putAll(fixed);
        k.putAll(values);
        return k;
    }

    /** The values an axis takes in a combination whose earlier axes are {@code partial}. */
    private static List<Object> values(Axis a, Map<String, Object> partial, Map<String, Object> base) {
        KeyDef d = a.def();
        List<Object> r = new ArrayList<>();
        switch (d.kind()) {
            case CHOICE:
                r.addAll(d.values());
                return r;
            case BOOLEAN:
                r.add(Boolean.TRUE);
                r.add(Boolean.FALSE);
                return r;
            case SCOPE: {
                Object within = partial.containsKey(d.within()) ? partial.get(d.within()) : base.get(d.within());
                List<String> steps = strings(within);
                for (List<String> s : subsets(steps)) {
                    r.add(s);
                }
                return r;
            }
            case STEPS: {
                List<List<String>> sets = a.subset() ? subsets(strings(base.get(d.key()))) : List.of(d.values());
                if (a.subset() && a.order()) {
                    sets = subsets(d.values());
                }
                for (List<String> s : sets) {
                    if (a.order()) {
                        r.addAll(permutations(s));
                    } else {
                        r.add(s);
                    }
                }
                return r;
            }
            default:
                throw new IllegalArgumentException(d.describe() + " cannot be enumerated");
        }
    }

    /** Every subset of the list, each in the list's order: the whole list first, then by size, down to none. */
    static List<List<String>> subsets(List<String> l) {
        List<List<String>> r = new ArrayList<>();
        int n = l.size();
        for (int size = n; size >= 0; size--) {
            for (int mask = (1 << n) - 1; mask >= 0; mask--) {
                if (Integer.bitCount(mask) != size) {
                    continue;
                }
                List<String> s = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << (n - 1 - i))) != 0) {
                        s.add(l.get(i));
                    }
                }
                r.add(s);
            }
        }
        return r;
    }

    /** Every permutation of the list, in lexicographic order of positions (the list itself first). */
    static List<List<String>> permutations(List<String> l) {
        List<List<String>> r = new ArrayList<>();
        int n = l.size();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        while (true) {
            List<String> s = new ArrayList<>();
            for (int i : p) {
                s.add(l.get(i));
            }
            r.add(s);
            int i = n - 2;
            while (i >= 0 && p[i] >= p[i + 1]) {
                i--;
            }
            if (i < 0) {
                return r;
            }
            int j = n - 1;
            while (p[j] <= p[i]) {
                j--;
            }
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
            for (int a = i + 1, b = n - 1; a < b; a++, b--) {
                t = p[a];
                p[a] = p[b];
                p[b] = t;
            }
        }
    }

    private static List<String> strings(Object o) {
        List<String> r = new ArrayList<>();
        if (o instanceof Collection) {
            for (Object x : (Collection<?>) o) {
                r.add(String.valueOf(x));
            }
        }
        return r;
    }

    /** The keys of a protocol that --vary accepts, as it spells them. */
    public static String sweepable(String protocol) {
        List<String> r = new ArrayList<>();
        for (KeyDef d : VariantLoader.keyDefs(protocol)) {
            switch (d.kind()) {
                case STEPS:
                    // KEY and KEY-order are the same: every order ("harvest-order" reads better than "harvest")
                    r.add(d.key().equals("harvest") ? "harvest-order" : d.key());
                    r.add(d.key() + "-subset");
                    break;
                case NUMBER:
                    break;
                default:
                    r.add(d.key());
            }
        }
        return String.join(", ", r);
    }

    private static VariantException bad(String option, String problem) {
        return new VariantException("command line", option, problem).withWhat("option");
    }

    public String protocol() {
        return protocol;
    }

    /** The --vary tokens as given. */
    public List<String> vary() {
        return vary;
    }

    /** The keys every variant of the sweep has as the user fixed them. */
    public Map<String, Object> fixed() {
        return fixed;
    }

    public List<Axis> axes() {
        return axes;
    }

    /** The varied keys, in axis order. */
    public List<String> variedKeys() {
        return axes.stream().map(a -> a.def().key()).collect(Collectors.toList());
    }

    /** Every combination, valid or not, by index. */
    public List<Combination> combinations() {
        return combinations;
    }

    /** The combinations of shard k of n (1 <= k <= n): those whose index is k modulo n. */
    public List<Combination> shard(int k, int n) {
        if (n < 1 || k < 1 || k > n) {
            throw bad("shard", k + "/" + n + " is not a shard; K/N with 1 <= K <= N, e.g. 1/2");
        }
        List<Combination> r = new ArrayList<>();
        for (Combination c : combinations) {
            if ((c.index() - 1) % n == k - 1) {
                r.add(c);
            }
        }
        return r;
    }
}
