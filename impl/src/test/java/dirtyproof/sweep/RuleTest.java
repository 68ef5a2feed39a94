package dirtyproof.sweep;

import dirtyproof.variant.KeyDef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule derivation on verdicts made up for the purpose, where the right rule is known. */
class RuleTest {

    static final KeyDef HARVEST = new KeyDef("harvest", KeyDef.Kind.STEPS, List.of("a", "b", "c"), null);
    static final KeyDef LOCK = new KeyDef("mmu-lock", KeyDef.Kind.SCOPE, List.of("a", "b", "c"), "harvest");
    static final KeyDef PATH = new KeyDef("fault-path", KeyDef.Kind.CHOICE, List.of("fast", "locked"), null);

    /** Every order of a, b, c (and every fault path), safe where {@code safe} says. */
    static List<Rule.Verdict> orders(Predicate<Map<String, Object>> safe, boolean paths) {
        List<Rule.Verdict> r = new ArrayList<>();
        for (List<String> o : SweepPlan.permutations(List.of("a", "b", "c"))) {
            for (String p : paths ? List.of("fast", "locked") : List.of("fast")) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("harvest", o);
                k.put("fault-path", p);
                r.add(new Rule.Verdict(String.join("", o) + "-" + p, k, safe.test(k) ? "safe" : "lost-write"));
            }
        }
        return r;
    }

    static int idx(Map<String, Object> k, String s) {
        return ((List<?>) k.get("harvest")).indexOf(s);
    }

    @Test
    void oneOrderIsTheRule() {
        Rule r = Rule.derive(orders(k -> idx(k, "a") < idx(k, "b"), false), List.of(HARVEST));
        assertTrue(r.separates());
        assertEquals("a before b", r.text());
        assertEquals(3, r.safe());
        assertEquals(3, r.lost());
    }

    @Test
    void theSmallestConjunctionIsFoundNotTheLongest() {
        // a first: "a before b and a before c" -- two conditions, though many more hold on the one safe order abc
        Rule r = Rule.derive(orders(k -> idx(k, "a") == 0, false), List.of(HARVEST));
        assertTrue(r.separates());
        assertEquals(2, r.conditions().size(), r.text());
        assertEquals("a before b and a before c", r.text());
        // only abc safe: a total order needs a before b and b before c (a before c follows)
        Rule total = Rule.derive(orders(k -> idx(k, "a") == 0 && idx(k, "b") == 1, false), List.of(HARVEST));
        assertEquals("a before b and b before c", total.text());
    }

    @Test
    void aChoiceKeyJoinsTheOrder() {
        Rule r = Rule.derive(orders(k -> idx(k, "a") < idx(k, "c") && k.get("fault-path").equals("locked"), true),
                List.of(HARVEST, PATH));
        assertTrue(r.separates());
        assertEquals("a before c and fault-path = locked", r.text());
    }

    @Test
    void noConjunctionSeparatesADisjunction() {
        // safe when a before b OR fault-path = locked: no conjunction of the conditions holds on exactly those
        List<Rule.Verdict> vs = orders(k -> idx(k, "a") < idx(k, "b") || k.get("fault-path").equals("locked"), true);
        Rule r = Rule.derive(vs, List.of(HARVEST, PATH));
        assertFalse(r.separates());
        assertEquals(9, r.safe());
        assertFalse(r.exceptions().isEmpty());
        // every exception is a lost-write variant on which every condition of the conjunction holds
        for (Rule.Verdict v : vs) {
            boolean holds = r.conditions().stream().allMatch(c -> c.holds(v.keys()));
            if (v.verdict().equals("lost-write")) {
                assertEquals(r.exceptions().contains(v.name()), holds, v.name());
            }
        }
        assertTrue(r.summary().startsWith("no conjunction"), r.summary());
    }

    @Test
    void scopeConditions() {
        List<Rule.Verdict> vs = new ArrayList<>();
        for (List<String> lock : SweepPlan.subsets(List.of("a", "b", "c"))) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("harvest", List.of("a", "b", "c"));
            k.put("mmu-lock", lock);
            vs.add(new Rule.Verdict("lock-" + String.join("", lock), k, lock.contains("b") ? "safe" : "lost-write"));
        }
        Rule r = Rule.derive(vs, List.of(HARVEST, LOCK));
        assertEquals("b under mmu_lock", r.text());
        assertTrue(r.separates());
    }

    @Test
    void allSafeNoneSafeAndInconclusive() {
        List<Rule.Verdict> vs = orders(k -> true, false);
        Rule all = Rule.derive(vs, List.of(HARVEST));
        assertTrue(all.separates());
        assertEquals("true", all.text());
        assertEquals("every variant is safe", all.summary());
        Rule none = Rule.derive(orders(k -> false, false), List.of(HARVEST));
        assertFalse(none.separates());
        assertEquals("no variant is safe", none.summary());
        List<Rule.Verdict> open = new ArrayList<>(orders(k -> idx(k, "a") < idx(k, "b"), false));
        Rule.Verdict first = open.get(0);
        open.set(0, new Rule.Verdict(first.name(), first.keys(), "inconclusive"));
        Rule r = Rule.derive(open, List.of(HARVEST));
        assertEquals(List.of(first.name()), r.unresolved());
        assertTrue(r.summary().contains("inconclusive"), r.summary());
    }
}
