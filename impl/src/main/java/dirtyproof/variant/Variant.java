package dirtyproof.variant;

import dirtyproof.family.Families;
import dirtyproof.family.Family;
import dirtyproof.family.FamilyConfig;
import dirtyproof.model.Bounds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a dirty-logging protocol (docs/variants.md): its family, the shared machine keys, the
 * family's own keys, and the bounds of the model. Every key but {@code name}, {@code protocol} and
 * {@code expect} defaults to the kernel of the family's era.
 *
 * @param protocol the family's id: get-log, clear-log, srcu-swap, switch-log, ring, ring-with-bitmap
 * @param config   the family's own keys
 * @param expect   the expected verdict, or null when the variant states none
 * @param file     where the variant was read from, or null for an inline variant
 */
public record Variant(String name, String protocol, String summary, MachineConfig machine, Bounds bounds,
                      FamilyConfig config, Expect expect, String file) {

    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(config, "config");
        summary = summary == null ? "" : summary;
    }

    /** The variant's protocol family. */
    public Family family() {
        return Families.get(protocol);
    }

    /** The family's keys as the family's own config type. */
    public <C extends FamilyConfig> C config(Class<C> type) {
        if (!type.isInstance(config)) {
            throw new IllegalStateException("variant " + name + " of protocol " + protocol + " has no "
                    + type.getSimpleName());
        }
        return type.cast(config);
    }

    public Variant withBounds(Bounds b) {
        return new Variant(name, protocol, summary, machine, b, config, expect, file);
    }

    public Variant withMachine(MachineConfig mc) {
        return new Variant(name, protocol, summary, mc, bounds, config, expect, file);
    }

    public Variant withConfig(FamilyConfig c) {
        return new Variant(name, protocol, summary, machine, bounds, c, expect, file);
    }

    public Variant withName(String n) {
        return new Variant(n, protocol, summary, machine, bounds, config, expect, file);
    }

    public Variant withHostWrites(boolean h) {
        return withMachine(machine.withHostWrites(h));
    }

    /** The variant as the keys of a variant file, in file order (reports, `dirtyproof variants`, forked JVMs). */
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("protocol", protocol);
        m.put("summary", summary);
        m.putAll(config.keys());
        m.putAll(machine.keys());
        m.put("bounds", bounds.keys());
        m.put("expect", expect == null ? null : expect.id());
        return m;
    }

    /** One line: the keys that differ from the family's defaults (bounds and naming keys aside). */
    public String describe() {
        if (!family().modelled()) {
            return family().title();
        }
        Map<String, Object> base = family().defaults(name).keys();
        StringBuilder sb = new StringBuilder();
        for (var e : keys().entrySet()) {
            String k = e.getKey();
            if (k.equals("name") || k.equals("summary") || k.equals("expect") || k.equals("bounds") || k.equals("protocol")) {
                continue;
            }
            if (!Objects.equals(e.getValue(), base.get(k))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(e.getValue());
            }
        }
        return sb.length() == 0 ? "kernel defaults" : sb.toString();
    }
}
