package dirtyproof.variant;

import dirtyproof.model.Bounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Typed reads of a variant's keys, each failing with the origin (the file, or the command line), the key, what
 * was wrong and the valid choices. An absent key takes the default it is read with; a key given without a
 * value is an error, never a silent default. Families read their own keys with it.
 */
public final class KeyReader {

    private final String origin;
    private final Map<String, Object> keys;
    private final String what;
    private final Map<String, KeyDef> recorded = new LinkedHashMap<>();

    /**
     * @param origin the file, or "command line", named in every message
     * @param keys   the keys as YAML typed them (strings, booleans, integers, lists, mappings)
     * @param what   "key" for files, "option" for the command line
     */
    public KeyReader(String origin, Map<String, Object> keys, String what) {
    this.origin = origin;
    this.keys = keys;
    this.what = what;
    }

    public String origin() {
    return origin;
    }

    /** Whether the key is given (with a value or without). */
    public boolean has(String key) {
    return keys.containsKey(key);
    }

    public VariantException error(String key, String problem) {
        return new VariantException(origin, key, problem).withWhat(what);
    }

    public String string(String key, boolean required) {
        Object o = keys.get(key);
        if (o == null) {
            if (required) {
                throw error(key, keys.containsKey(key) ? "has no value; it is required" : "is missing; it is required");
            }
            if (keys.containsKey(key)) {
                throw error(key, "has no value; give a string, or leave the key out");
            }
            return null;
        }
        if (!(o instanceof String)) {
            throw error(key, "must be a string, not " + kind(o));
        }
        return (String) o;
    }

    public <E extends Enum<E> & Choice> E choice(String key, Class<E> type, E dflt) {
        Object o = keys.get(key);
        String valid = Arrays.stream(type.getEnumConstants()).map(Choice::id).collect(Collectors.joining(", "));
        record(new KeyDef(key, KeyDef.Kind.CHOICE, ids(type), null));
        if (o == null) {
            // present with no value (`flush: ~`, `clear-op:`) is an error, never the default
            if (keys.containsKey(key) || (dflt == null && key.equals("protocol"))) {
                throw error(key, (keys.containsKey(key) ? "has no value" : "is missing") + "; valid choices: " + valid
                        + (dflt == null ? "" : " (leave the key out for the default, " + dflt.id() + ")"));
            }
            return dflt;
        }
        if (!(o instanceof String)) {
            throw error(key, "must be one of " + valid + ", not " + kind(o));
        }
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(o)) {
                return e;
            }
        }
        throw error(key, "'" + o + "' is not a valid choice; valid choices: " + valid);
    }

    public <E extends Enum<E> & Choice> List<E> steps(String key, Class<E> type, List<E> dflt) {
        record(new KeyDef(key, KeyDef.Kind.STEPS, ids(type), null));
        if (!keys.containsKey(key)) {
            return dflt;
        }
        Object o = keys.get(key);
        String valid = Arrays.stream(type.getEnumConstants()).map(Choice::id).collect(Collectors.joining(", "));
        if (!(o instanceof List)) {
            throw error(key, "must be a list of steps like [" + valid + "], not " + kind(o));
        }
        List<E> r = new ArrayList<>();
        for (Object item : (List<?>) o) {
            if (!(item instanceof String)) {
                throw error(key, "every entry must be a step name, not " + kind(item) + "; valid steps: " + valid);
            }
            E found = null;
            for (E e : type.getEnumConstants()) {
                if (e.id().equals(item)) {
                    found = e;
                }
            }
            if (found == null) {
                throw error(key, "unknown step '" + item + "'; valid steps: " + valid);
            }
            if (r.contains(found)) {
                throw error(key, "step '" + item + "' is listed twice; each step appears at most once");
            }
            r.add(found);
        }
        return r;
    }

    public boolean bool(String key, boolean dflt) {
        record(new KeyDef(key, KeyDef.Kind.BOOLEAN, List.of("true", "false"), null));
        if (!keys.containsKey(key)) {
            return dflt;
        }
        Object o = keys.get(key);
        if (!(o instanceof Boolean)) {
            throw error(key, "must be true or false, not " + kind(o));
        }
        return (Boolean) o;
    }

    /**
     * The bounds: the family's defaults, with the values the variant gives. {@code extras} are the family's
     * own bounds; a bound of neither kind is an error listing the valid ones.
     */
    public Bounds bounds(Bounds dflt, List<Bounds.Extra> extras) {
        int[] val = {dflt.pages(), dflt.pagesPerWord(), dflt.vcpus(), dflt.writes(), dflt.rounds()};
        Map<String, Integer> extra = new java.util.LinkedHashMap<>();
        for (Bounds.Extra x : extras) {
            extra.put(x.key(), dflt.extra().getOrDefault(x.key(), x.dflt()));
        }
        if (!keys.containsKey("bounds")) {
            return new Bounds(val[0], val[1], val[2], val[3], val[4], extra);
        }
        Object o = keys.get("bounds");
        List<String> validList = new ArrayList<>();
        for (Bounds.Limit l : Bounds.Limit.values()) {
            validList.add(l.key + " (" + l.min + ".." + InputLimits.max(l) + ")");
        }
        for (Bounds.Extra x : extras) {
            validList.add(x.key() + " (" + x.min() + ".." + x.max() + ")");
        }
        String valid = String.join(", ", validList);
        if (!(o instanceof Map)) {
            throw error("bounds", "must be a mapping like {pages: 2, vcpus: 2}, not " + kind(o) + "; bounds: " + valid);
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
            String key = String.valueOf(e.getKey());
            int min;
            int max;
            int slot = -1;
            Bounds.Extra ex = null;
            for (Bounds.Limit l : Bounds.Limit.values()) {
                if (l.key.equals(key)) {
                    slot = l.ordinal();
                }
            }
            for (Bounds.Extra x : extras) {
                if (x.key().equals(key)) {
                    ex = x;
                }
            }
            if (slot >= 0) {
                min = Bounds.Limit.values()[slot].min;
                // what a variant may ask for: less than the model takes (InputLimits.max)
                max = InputLimits.max(Bounds.Limit.values()[slot]);
            } else if (ex != null) {
                min = ex.min();
                max = ex.max();
            } else {
                throw error("bounds", "unknown bound '" + key + "'; bounds: " + valid);
            }
            Object n = e.getValue();
            if (!(n instanceof Integer)) {
                throw error("bounds", key + " must be a whole number in " + min + ".." + max + ", not " + kind(n));
            }
            int x = (Integer) n;
            if (x < min || x > max) {
                throw error("bounds", key + " = " + x + " is out of range; it must be in " + min + ".." + max
                        + (x > max && slot >= 0 ? InputLimits.why(Bounds.Limit.values()[slot]) : ""));
            }
            if (slot >= 0) {
                val[slot] = x;
            } else {
                extra.put(key, x);
            }
        }
        return new Bounds(val[0], val[1], val[2], val[3], val[4], extra);
    }

    /** An integer key in [min, max]. */
    public int integer(String key, int min, int max, int dflt) {
        record(new KeyDef(key, KeyDef.Kind.NUMBER, List.of(String.valueOf(min), String.valueOf(max)), null));
        if (!keys.containsKey(key)) {
            return dflt;
        }
        Object o = keys.get(key);
        if (!(o instanceof Integer) || (Integer) o < min || (Integer) o > max) {
            throw error(key, "must be a whole number in " + min + ".." + max + ", not " + kind(o));
        }
        return (Integer) o;
    }

    /**
     * Says that the list of steps {@code key} is drawn from the steps key {@code of} lists: a scope, like
     * mmu-lock of the harvest. It reads nothing and checks nothing (the caller does); it describes the key
     * for {@link #recorded}, whether the variant gives it or not.
     */
    public <E extends Enum<E> & Choice> void within(String key, Class<E> type, String of) {
        recorded.put(key, new KeyDef(key, KeyDef.Kind.SCOPE, ids(type), of));
    }

    /**
     * What every key read so far takes, in the order they were read: the choices of {@link #choice}, the steps
     * of {@link #steps}, {@link #bool}, the range of {@link #integer} ({@link VariantLoader#keyDefs}).
     */
    public List<KeyDef> recorded() {
        return List.copyOf(recorded.values());
    }

    private void record(KeyDef d) {
        KeyDef before = recorded.get(d.key());
        if (before == null || before.kind() != KeyDef.Kind.SCOPE) {
            recorded.put(d.key(), d);
        }
    }

    private static <E extends Enum<E> & Choice> List<String> ids(Class<E> type) {
        List<String> r = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            r.add(e.id());
        }
        return r;
    }

    static String ids(List<? extends Choice> l) {
        return l.stream().map(Choice::id).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The ids of the choices, as a YAML list. */
    public static List<String> idList(List<? extends Choice> l) {
        List<String> r = new ArrayList<>();
        for (Choice c : l) {
            r.add(c.id());
        }
        return r;
    }

    static String kind(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof Boolean) {
            return "a boolean (" + o + ")";
        }
        if (o instanceof Number) {
            return "a number (" + o + ")";
        }
        return "a " + (o instanceof String ? "string ('" + o + "')" : o.getClass().getSimpleName());
    }
}
