package dirtyproof.variant;

import dirtyproof.family.Families;
import dirtyproof.family.Family;
import dirtyproof.family.FamilyConfig;
import dirtyproof.model.Bounds;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads variant files (docs/variants.md) and checks every key. The shared keys are read here, the family's
 * own keys by its {@link Family}. Omitted keys take the value of the family's era; a key that is unknown,
 * misspelt, of another family, of the wrong type or out of range is an error naming the file, the key,
 * what was wrong and the valid choices. Nothing is silently ignored or defaulted.
 */
public final class VariantLoader {

    /** The keys every variant may have besides the machine keys and its family's. */
    public static final List<String> COMMON_KEYS = List.of("name", "protocol", "summary", "bounds", "expect");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private VariantLoader() {
    }

    /**
     * Every variant file under the paths: a file is read as it is, a folder for its *.yaml and *.yml files,
     * recursively; see {@link VariantFiles#load} (every bad file reported, a file given twice read once).
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
                    + " not " + KeyReader.kind(doc));
        }
        Map<?, ?> raw = (Map<?, ?>) doc;
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new VariantException(origin, String.valueOf(e.getKey()), "keys are names like harvest or bounds");
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
        KeyReader c = new KeyReader(origin, keys, what);
        String name = c.string("name", true);
        InputLimits.checkName(name, origin, what);
        if (!NAME.matcher(name).matches()) {
            throw c.error("name", "'" + name + "' is not a variant name: lower-case letters, digits and '-'");
        }
        if (keys.get("protocol") == null) {
            throw c.error("protocol", (keys.containsKey("protocol") ? "has no value" : "is missing")
                    + "; valid choices: " + String.join(", ", Families.ids()));
        }
        String protocol = c.string("protocol", true);
        Family family = Families.find(protocol).orElseThrow(() -> c.error("protocol", "'" + protocol
                + "' is not a valid choice; valid choices: " + String.join(", ", Families.ids())));
        String summary = c.string("summary", false);
        InputLimits.checkSummary(summary, origin, what);
        Expect expect = c.choice("expect", Expect.class, null);
        if (!family.modelled()) {
            return new Variant(name, protocol, summary, family.machineDefaults(), family.defaultBounds(),
                    family.parse(c), expect, file);
        }
        List<String> valid = new ArrayList<>(COMMON_KEYS);
        valid.addAll(family.keys());
        valid.addAll(MachineConfig.KEYS);
        for (String k : keys.keySet()) {
            if (!valid.contains(k)) {
                throw c.error(k, unknownKey(k, family, valid, what));
            }
        }
        FamilyConfig config = family.parse(c);
        MachineConfig machine = MachineConfig.parse(c, family.machineDefaults());
        Bounds bounds = c.bounds(family.defaultBounds(), family.extraBounds());
        Variant v = new Variant(name, protocol, summary, machine, bounds, config, expect, file);
        for (Map.Entry<String, String> e : machine.familyPartValues().entrySet()) {
            if (!family.familyPartKeys().contains(e.getKey())) {
                String key = e.getValue();
                throw c.error(key, "is " + machine.keys().get(key) + ", which protocol " + family.id()
                        + " does not model yet (its harvester and TLA+ module have no part for it); leave " + key
                        + " at its default (" + MachineConfig.TODAY.keys().get(key) + "), or use a protocol that models it: "
                        + Families.modelled().stream().filter(f -> f.familyPartKeys().contains(e.getKey()))
                        .map(Family::id).collect(Collectors.joining(", ")));
            }
        }
        family.validate(v, c);
        return v;
    }

    /**
     * What every key of a protocol takes -- the family's keys, then the shared machine keys -- as the code that
     * reads them says ({@link KeyReader#recorded}): the defaults are read once with a recording reader. A key
     * read only when another has some value (none yet) is not described.
     */
    public static List<KeyDef> keyDefs(String protocol) {
        Family family = Families.get(protocol);
        if (!family.modelled()) {
            return List.of();
        }
        KeyReader r = new KeyReader("the defaults of " + protocol, Map.of(), "key");
        family.parse(r);
        MachineConfig.parse(r, family.machineDefaults());
        List<KeyDef> own = new ArrayList<>();
        List<KeyDef> machine = new ArrayList<>();
        for (KeyDef d : r.recorded()) {
            (family.keys().contains(d.key()) ? own : machine).add(d);
        }
        own.addAll(machine);
        return own;
    }

    /** Why a key is not valid here: of another family, misspelt, or unknown. */
    private static String unknownKey(String k, Family family, List<String> valid, String what) {
        for (Family f : Families.modelled()) {
            if (f != family && f.keys().contains(k)) {
                return "belongs to protocol " + f.id() + ", not " + family.id() + "; " + family.id() + "'s " + what
                        + "s: " + String.join(", ", valid);
            }
        }
        return "unknown " + what + closest(k, valid) + "; valid " + what + "s: " + String.join(", ", valid);
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

    private static String closest(String k, List<String> keys) {
        String best = null;
        int bestD = 3;
        for (String cand : keys) {
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
}
