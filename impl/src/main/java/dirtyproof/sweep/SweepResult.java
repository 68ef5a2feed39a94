package dirtyproof.sweep;

import dirtyproof.backend.BackendResult;
import dirtyproof.model.Json;
import dirtyproof.variant.VariantLoader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a sweep (or one shard of it, or the merge of its shards) found: every combination's verdict with each
 * back-end's answer, and the rule. Its JSON ({@link #toMap}) has the check report's shape, {@code
 * {"variants": [{"name", "variant": {keys}, "verdict", "backends": {...}}, ...], "rule": "..."}}, with the
 * sweep's own description ({@code "sweep"}: protocol, vary, fixed keys, total, shard) so that shards can be
 * merged ({@link #merge}).
 *
 * @param protocol the family swept
 * @param vary     the --vary tokens
 * @param varied   the keys they vary, in axis order (the table's columns)
 * @param fixed    the keys fixed for every variant
 * @param total    the number of combinations of the whole sweep
 * @param shards   the shards this result holds, e.g. ["1/2"]; ["1/1"] for an unsharded sweep
 * @param entries  the checked combinations, by index
 * @param rejected the combinations of these shards the family rejects (index -> why)
 * @param rule     the rule derived from the entries
 */
public record SweepResult(String protocol, List<String> vary, List<String> varied, Map<String, Object> fixed,
                          int total, List<String> shards, List<Entry> entries, Map<Integer, String> rejected,
                          Rule rule) {

    /**
     * One checked combination.
     *
     * @param index    its number in the whole sweep, from 1
     * @param name     its variant's name
     * @param variant  its variant's keys (every key, as a variant file writes them)
     * @param verdict  the combination's verdict as check spells it: safe, lost-write, no-lost-write-found,
     *                 disagreement or inconclusive (only safe and lost-write count for the rule)
     * @param backends each back-end's answer as check's JSON report writes it ({@link
     *                 dirtyproof.check.VariantResult#backendMap}), with "cached": whether it was reused
     */
    public record Entry(int index, String name, Map<String, Object> variant, String verdict,
                        Map<String, Map<String, Object>> backends) {
        Rule.Verdict forRule() {
            return new Rule.Verdict(name, variant, verdict);
        }
    }

    /**
     * The exit code of a sweep or a shard: 3 when a combination is inconclusive or an answer of the shards held is
     * missing, 1 when no rule separates the safe combinations, else 0.
     */
    public int exitCode() {
        if (!missing().isEmpty() || !rule.unresolved().isEmpty()) {
            return 3;
        }
        return rule.separates() ? 0 : 1;
    }

    /** The exit code of a merge: as {@link #exitCode}, and 3 when a combination is in none of the shards given. */
    public int mergeExitCode() {
        return uncovered().isEmpty() ? exitCode() : 3;
    }

    /** The indices of the shards held that have no answer (a damaged or edited file). */
    public List<Integer> missing() {
        List<Integer> r = new ArrayList<>();
        for (int i : absent()) {
            if (held(i)) {
                r.add(i);
            }
        }
        return r;
    }

    /** The indices of the whole sweep that no shard held covers (a merge of too few shards). */
    public List<Integer> uncovered() {
        List<Integer> r = new ArrayList<>();
        for (int i : absent()) {
            if (!held(i)) {
                r.add(i);
            }
        }
        return r;
    }

    private List<Integer> absent() {
        java.util.Set<Integer> have = new java.util.HashSet<>(rejected.keySet());
        entries.forEach(e -> have.add(e.index()));
        List<Integer> r = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            if (!have.contains(i)) {
                r.add(i);
            }
        }
        return r;
    }

    private boolean held(int index) {
        for (String s : shards) {
            String[] kn = s.split("/");
            int k = Integer.parseInt(kn[0]);
            int n = Integer.parseInt(kn[1]);
            if ((index - 1) % n == k - 1) {
                return true;
            }
        }
        return false;
    }

    /** The whole result as JSON values. */
    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("protocol", protocol);
        sweep.put("vary", vary);
        sweep.put("varied", varied);
        sweep.put("fixed", fixed);
        sweep.put("total", total);
        sweep.put("shards", shards);
        sweep.put("missing", missing());
        sweep.put("uncovered", uncovered());
        List<Object> rej = new ArrayList<>();
        rejected.forEach((i, why) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("reason", why);
            rej.add(m);
        });
        sweep.put("rejected", rej);
        root.put("sweep", sweep);
        List<Object> vs = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("name", e.name());
            m.put("protocol", protocol);
            m.put("variant", e.variant());
            m.put("verdict", e.verdict());
            m.put("backends", e.backends());
            vs.add(m);
        }
        root.put("variants", vs);
        Map<String, Object> r = rule.toMap();
        root.put("rule", r.remove("rule"));
        root.put("rule-summary", r.remove("summary"));
        root.put("rule-detail", r);
        root.put("exit", exitCode());
        root.put("complete", uncovered().isEmpty() && missing().isEmpty());
        return root;
    }

    /** The JSON text of {@link #toMap}. */
    public String json() {
        return Json.write(toMap());
    }

    /** Reads a result back from the JSON {@link #toMap} wrote (a shard's file); IllegalArgumentException on anything else. */
    @SuppressWarnings("unchecked")
    public static SweepResult fromMap(Object o, String origin) {
        try {
            Map<String, Object> root = (Map<String, Object>) o;
            Map<String, Object> sweep = (Map<String, Object>) Objects.requireNonNull(root.get("sweep"),
                    "no \"sweep\" object: not the --json of dirtyproof sweep");
            String protocol = (String) Objects.requireNonNull(sweep.get("protocol"), "no sweep.protocol");
            List<String> vary = (List<String>) sweep.get("vary");
            List<String> varied = (List<String>) sweep.get("varied");
            Map<String, Object> fixed = (Map<String, Object>) sweep.get("fixed");
            int total = ((Number) sweep.get("total")).intValue();
            List<String> shards = (List<String>) sweep.get("shards");
            Map<Integer, String> rejected = new TreeMap<>();
            for (Object x : (List<Object>) sweep.get("rejected")) {
                Map<String, Object> m = (Map<String, Object>) x;
                rejected.put(((Number) m.get("index")).intValue(), (String) m.get("reason"));
            }
            List<Entry> entries = new ArrayList<>();
            for (Object x : (List<Object>) root.get("variants")) {
                Map<String, Object> m = (Map<String, Object>) x;
                Map<String, Map<String, Object>> backends = new LinkedHashMap<>();
                ((Map<String, Object>) m.get("backends")).forEach((k, v) -> backends.put(k, (Map<String, Object>) v));
                entries.add(new Entry(((Number) m.get("index")).intValue(), (String) m.get("name"),
                        (Map<String, Object>) m.get("variant"), (String) m.get("verdict"), backends));
            }
            for (Object x : List.of(vary, varied, fixed, shards)) {
                Objects.requireNonNull(x, "a sweep field is missing");
            }
            return of(protocol, vary, varied, fixed, total, shards, entries, rejected);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(origin + ": not the --json of dirtyproof sweep (" + e.getMessage() + ")", e);
        }
    }

    /** A result with its rule derived from the entries. */
    public static SweepResult of(String protocol, List<String> vary, List<String> varied, Map<String, Object> fixed,
                                 int total, List<String> shards, List<Entry> entries, Map<Integer, String> rejected) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparingInt(Entry::index));
        List<Rule.Verdict> vs = new ArrayList<>();
        sorted.forEach(e -> vs.add(e.forRule()));
        Rule rule = Rule.derive(vs, VariantLoader.keyDefs(protocol));
        return new SweepResult(protocol, List.copyOf(vary), List.copyOf(varied), fixed, total, List.copyOf(shards),
                List.copyOf(sorted), new TreeMap<>(rejected), rule);
    }

    /**
     * Joins the results of shards of one sweep and derives the rule from all of them. The shards must be of the
     * same sweep (protocol, vary, fixed keys, total) and agree on every combination they share; otherwise an
     * IllegalArgumentException says which differs.
     */
    public static SweepResult merge(List<SweepResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give the --json files of the shards");
        }
        SweepResult first = parts.get(0);
        Map<Integer, Entry> byIndex = new TreeMap<>();
        Map<Integer, String> rejected = new TreeMap<>();
        List<String> shards = new ArrayList<>();
        for (SweepResult p : parts) {
            String same = !p.protocol.equals(first.protocol) ? "protocol " + p.protocol + " vs " + first.protocol
                    : !p.vary.equals(first.vary) ? "vary " + p.vary + " vs " + first.vary
                    : !Json.write(p.fixed).equals(Json.write(first.fixed)) ? "fixed keys " + p.fixed + " vs " + first.fixed
                    : p.total != first.total ? "total " + p.total + " vs " + first.total : null;
            if (same != null) {
                throw new IllegalArgumentException("the files are not shards of one sweep: " + same);
            }
            for (String s : p.shards) {
                if (!shards.contains(s)) {
                    shards.add(s);
                }
            }
            rejected.putAll(p.rejected);
            for (Entry e : p.entries) {
                Entry before = byIndex.putIfAbsent(e.index(), e);
                if (before != null && (!before.verdict().equals(e.verdict())
                        || !Json.write(before.variant()).equals(Json.write(e.variant())))) {
                    throw new IllegalArgumentException("combination " + e.index() + " (" + e.name() + ") differs between"
                            + " the files: " + before.verdict() + " vs " + e.verdict());
                }
            }
        }
        return of(first.protocol, first.vary, first.varied, first.fixed, first.total, shards,
                new ArrayList<>(byIndex.values()), rejected);
    }
}
