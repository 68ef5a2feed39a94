package dirtyproof.variant;

import dirtyproof.model.Bounds;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads variant files (DESIGN.md §3) and checks every key. Omitted keys take today's kernel's value; a key
 * that is unknown, misspelt, of the wrong type or out of range is an error naming the file, the key, what
 * was wrong and the valid choices. Nothing is silently ignored or defaulted.
 */
public final class VariantLoader {

    /** The keys of a variant file, in the order they are documented. */
    public static final List<String> KEYS = List.of("name", "protocol", "summary", "harvest", "mmu-lock", "clear-op",
            "set-op", "fault-path", "fault-order", "flush", "host-writes", "bounds", "expect");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private VariantLoader() {
    }

    /**
     * Every variant file under the paths: a file is read as it is, a folder for its *.yaml and *.yml files;
     * see {@link VariantFiles#load} (every bad file reported, a file given twice read once).
     */
    public static List<Variant> load(List<Path> paths) {
        return VariantFiles.load(paths);
    }

    /** One variant file. */
    public static Variant load(Path file) {
        String origin = file.toString();
        // size, links, UTF-8: InputLimits
        return parse(InputLimits.read(file), origin, file.toString());
    }

    /** A variant from YAML text; origin names it in messages, file is recorded in the variant (or null). */
    public static Variant parse(String text, String origin, String file) {
        if (text.isBlank()) {
            throw new VariantException(origin, null, "the file is empty; a variant needs at least 'name' and 'protocol'");
        }
        LoaderOptions lo = InputLimits.loaderOptions();
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(lo)).load(text);
        } catch (MarkedYAMLException e) {
            String problem = String.valueOf(e.getProblem());
            if (problem.startsWith("found duplicate key ")) {
                throw new VariantException(origin, problem.substring("found duplicate key ".length()).trim(),
                        "appears twice (again at line " + (e.getProblemMark().getLine() + 1) + "); each key appears once");
            }
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1);
            throw new VariantException(origin, null, "not valid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new VariantException(origin, null, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(doc instanceof Map)) {
            throw new VariantException(origin, null, "a variant file is a YAML mapping of keys (name: ..., protocol: ...),"
                    + " not " + kind(doc));
        }
        Map<?, ?> raw = (Map<?, ?>) doc;
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new VariantException(origin, String.valueOf(e.getKey()), "keys are names; valid keys: " + KEYS);
            }
            keys.put((String) e.getKey(), e.getValue());
        }
        return fromKeys(keys, origin, file, "key");
    }

    /**
     * A variant from already-typed keys (a YAML mapping, or command-line options turned into the same keys).
     * The {@code what} word names keys in messages: "key" for files, "option" for the command line.
     */
    public static Variant fromKeys(Map<String, Object> keys, String origin, String file, String what) {
        Checker c = new Checker(origin, keys, what);
        for (String k : keys.keySet()) {
            if (!KEYS.contains(k)) {
                throw c.error(k, "unknown " + what + closest(k) + "; valid " + what + "s: " + String.join(", ", KEYS));
            }
        }
        String name = c.string("name", true);
        InputLimits.checkName(name, origin, what);
        if (!NAME.matcher(name).matches()) {
            throw c.error("name", "'" + name + "' is not a variant name: lower-case letters, digits and '-'");
        }
        Protocol protocol = c.choice("protocol", Protocol.class, null);
        String summary = c.string("summary", false);
        InputLimits.checkSummary(summary, origin, what);
        List<HarvestStep> harvest = c.steps("harvest", HarvestStep.class, Variant.DEFAULT_HARVEST);
        Set<HarvestStep> mmuLock;
        if (keys.containsKey("mmu-lock")) {
            List<HarvestStep> l = c.steps("mmu-lock", HarvestStep.class, List.of());
            for (HarvestStep s : l) {
                if (!harvest.contains(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' is not in harvest " + ids(harvest)
                            + "; mmu-lock lists the harvest steps done under mmu_lock");
                }
            }
            mmuLock = l.isEmpty() ? EnumSet.noneOf(HarvestStep.class) : EnumSet.copyOf(l);
        } else {
            mmuLock = EnumSet.noneOf(HarvestStep.class);
            for (HarvestStep s : Variant.DEFAULT_MMU_LOCK) {
                if (harvest.contains(s)) {
                    mmuLock.add(s);
                }
            }
        }
        ClearOp clearOp = c.choice("clear-op", ClearOp.class, ClearOp.XCHG);
        SetOp setOp = c.choice("set-op", SetOp.class, SetOp.ATOMIC);
        FaultPath faultPath = c.choice("fault-path", FaultPath.class, FaultPath.FAST);
        List<FaultStep> faultOrder = c.steps("fault-order", FaultStep.class, Variant.DEFAULT_FAULT_ORDER);
        if (faultOrder.size() != FaultStep.values().length) {
            throw c.error("fault-order", "lists " + ids(faultOrder) + "; it must list make-writable and mark-dirty"
                    + " once each, in the order the fault path does them");
        }
        FlushMode flush = c.choice("flush", FlushMode.class, FlushMode.SYNC);
        boolean hostWrites = c.bool("host-writes", false);
        Bounds bounds = c.bounds();
        Expect expect = c.choice("expect", Expect.class, null);
        return new Variant(name, protocol, summary == null ? "" : summary, harvest, mmuLock, clearOp, setOp,
                faultPath, faultOrder, flush, hostWrites, bounds, expect, file);
    }

    /** The variant as a YAML file: every key written out, so it reads back to an equal variant. */
    public static String toYaml(Variant v) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Map<String, Object> keys = new LinkedHashMap<>(v.keys());
        if (keys.get("expect") == null) {
            keys.remove("expect");
        }
        return new Yaml(o).dump(keys);
    }

    private static String ids(List<? extends Choice> l) {
        return l.stream().map(Choice::id).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String kind(Object o) {
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

    private static String closest(String k) {
        String best = null;
        int bestD = 3;
        for (String cand : KEYS) {
            int d = distance(k, cand);
            if (d < bestD) {
                bestD = d;
                best = cand;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Typed reads of the keys, each failing with the origin, the key and the valid choices. */
    private static final class Checker {
        private final String origin;
        private final Map<String, Object> keys;
        private final String what;

        Checker(String origin, Map<String, Object> keys, String what) {
            this.origin = origin;
            this.keys = keys;
            this.what = what;
        }

        VariantException error(String key, String problem) {
            return new VariantException(origin, key, problem).withWhat(what);
        }

        String string(String key, boolean required) {
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

        <E extends Enum<E> & Choice> E choice(String key, Class<E> type, E dflt) {
            Object o = keys.get(key);
            String valid = Arrays.stream(type.getEnumConstants()).map(Choice::id).collect(Collectors.joining(", "));
            if (o == null) {
                // present with no value (`flush: ~`, `clear-op:`) is an error, never today's kernel's default
                if (keys.containsKey(key) || (dflt == null && key.equals("protocol"))) {
                    throw error(key, (keys.containsKey(key) ? "has no value" : "is missing") + "; valid choices: " + valid
                            + (dflt == null ? "" : " (leave the key out for today's kernel's " + dflt.id() + ")"));
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

        <E extends Enum<E> & Choice> List<E> steps(String key, Class<E> type, List<E> dflt) {
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

        boolean bool(String key, boolean dflt) {
            if (!keys.containsKey(key)) {
                return dflt;
            }
            Object o = keys.get(key);
            if (!(o instanceof Boolean)) {
                throw error(key, "must be true or false, not " + kind(o));
            }
            return (Boolean) o;
        }

        Bounds bounds() {
            if (!keys.containsKey("bounds")) {
                return Bounds.DEFAULT;
            }
            Object o = keys.get("bounds");
            String valid = Arrays.stream(Bounds.Limit.values()).map(l -> l.key + " (" + l.min + ".." + InputLimits.max(l) + ")")
                    .collect(Collectors.joining(", "));
            if (!(o instanceof Map)) {
                throw error("bounds", "must be a mapping like {pages: 2, vcpus: 2}, not " + kind(o) + "; bounds: " + valid);
            }
            Map<?, ?> m = (Map<?, ?>) o;
            int[] val = {Bounds.DEFAULT.pages(), Bounds.DEFAULT.pagesPerWord(), Bounds.DEFAULT.vcpus(),
                    Bounds.DEFAULT.writes(), Bounds.DEFAULT.rounds()};
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Bounds.Limit limit = null;
                for (Bounds.Limit l : Bounds.Limit.values()) {
                    if (l.key.equals(e.getKey())) {
                        limit = l;
                    }
                }
                if (limit == null) {
                    throw error("bounds", "unknown bound '" + e.getKey() + "'; bounds: " + valid);
                }
                Object n = e.getValue();
                if (!(n instanceof Integer)) {
                    throw error("bounds", limit.key + " must be a whole number in " + limit.min + ".." + InputLimits.max(limit)
                            + ", not " + kind(n));
                }
                int x = (Integer) n;
                if (x < limit.min || x > InputLimits.max(limit)) {
                    throw error("bounds", limit.key + " = " + x + " is out of range; it must be in " + limit.min + ".."
                            + InputLimits.max(limit) + (x > InputLimits.max(limit) ? InputLimits.why(limit) : ""));
                }
                val[limit.ordinal()] = x;
            }
            return new Bounds(val[0], val[1], val[2], val[3], val[4]);
        }
    }
}
