package dirtyproof.sweep;

import dirtyproof.variant.KeyDef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One condition a rule is made of, on a variant's keys (as {@link dirtyproof.variant.Variant#keys} writes
 * them): "write-protect before flush-tlb", "copy-to-user in harvest", "write-protect under mmu_lock",
 * "fault-path = locked".
 *
 * @param type what is said
 * @param key  the key it is said of (harvest, mmu-lock, fault-path, ...)
 * @param a    BEFORE, PRESENT, ABSENT, IN, OUT: the step; EQUALS: the value
 * @param b    BEFORE: the later step; else null
 * @param of   IN, OUT: the key the scope is drawn from (mmu-lock: harvest); else null
 */
public record Condition(Type type, String key, String a, String b, String of) {

    /** The forms of condition. */
    public enum Type {
        /** Both steps are in the list, a earlier than b. */
        BEFORE,
        /** The step is in the list. */
        PRESENT,
        /** The step is not in the list. */
        ABSENT,
        /** The step is in the scope (done under mmu_lock). */
        IN,
        /** The step is in the list the scope is drawn from, but not in the scope. */
        OUT,
        /** The key has this value. */
        EQUALS
    }

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(a, "a");
    }

    /** Whether the condition holds on a variant with these keys. */
    public boolean holds(Map<String, Object> keys) {
        Object v = keys.get(key);
        switch (type) {
            case BEFORE: {
                List<String> l = list(v);
                int i = l.indexOf(a);
                int j = l.indexOf(b);
                return i >= 0 && j >= 0 && i < j;
            }
            case PRESENT:
                return list(v).contains(a);
            case ABSENT:
                return !list(v).contains(a);
            case IN:
                return list(v).contains(a);
            case OUT:
                return list(keys.get(of)).contains(a) && !list(v).contains(a);
            default:
                return a.equals(String.valueOf(v));
        }
    }

    /** As the rule prints it. */
    public String text() {
        boolean lock = key.equals("mmu-lock");
        boolean harvest = key.equals("harvest");
        switch (type) {
            case BEFORE:
                return a + " before " + b + (harvest ? "" : " in " + key);
            case PRESENT:
                return a + " in " + key;
            case ABSENT:
                return "no " + a + " in " + key;
            case IN:
                return a + (lock ? " under mmu_lock" : " in " + key);
            case OUT:
                return a + (lock ? " outside mmu_lock" : " not in " + key);
            default:
                return key + " = " + a;
        }
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * Every condition the keys of these variants can tell apart: for each key that differs between them, the
     * conditions of its kind ({@link KeyDef}). A condition that holds on all of them or on none is left out.
     */
    public static List<Condition> candidates(Collection<Map<String, Object>> variants, List<KeyDef> defs) {
        List<Condition> all = new ArrayList<>();
        for (KeyDef d : defs) {
            Set<Object> seen = new LinkedHashSet<>();
            for (Map<String, Object> v : variants) {
                if (v.containsKey(d.key())) {
                    seen.add(d.kind() == KeyDef.Kind.SCOPE ? Set.copyOf(list(v.get(d.key()))) : v.get(d.key()));
                }
            }
            if (seen.size() < 2) {
                continue;
            }
            switch (d.kind()) {
                case STEPS:
                    for (String x : d.values()) {
                        for (String y : d.values()) {
                            if (!x.equals(y)) {
                                all.add(new Condition(Type.BEFORE, d.key(), x, y, null));
                            }
                        }
                    }
                    for (String x : d.values()) {
                        all.add(new Condition(Type.PRESENT, d.key(), x, null, null));
                        all.add(new Condition(Type.ABSENT, d.key(), x, null, null));
                    }
                    break;
                case SCOPE:
                    for (String x : d.values()) {
                        all.add(new Condition(Type.IN, d.key(), x, null, d.within()));
                        all.add(new Condition(Type.OUT, d.key(), x, null, d.within()));
                    }
                    break;
                default:
                    for (Object x : seen) {
                        all.add(new Condition(Type.EQUALS, d.key(), String.valueOf(x), null, null));
                    }
            }
        }
        List<Condition> r = new ArrayList<>();
        for (Condition c : all) {
            int n = 0;
            for (Map<String, Object> v : variants) {
                n += c.holds(v) ? 1 : 0;
            }
            if (n > 0 && n < variants.size()) {
                r.add(c);
            }
        }
        return r;
    }

    private static List<String> list(Object o) {
        List<String> r = new ArrayList<>();
        if (o instanceof Collection) {
            for (Object x : (Collection<?>) o) {
                r.add(String.valueOf(x));
            }
        }
        return r;
    }
}
