package dirtyproof.cli;

import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The command line that checks a variant again, inline, with TLC: {@code ./dirtyproof check --protocol get-log
 * --harvest snapshot-clear,write-protect,copy-to-user --bounds vcpus=1 --expect lost-write --backend tlc}. Every
 * key that differs from the family's default is given, with the command's own option where it has one and
 * {@code --key KEY=VALUE} (the value written as YAML) otherwise; bounds that differ from the family's default
 * bounds go in {@code --bounds}. Printed under every counterexample, so that a reader can rerun it.
 */
final class Reproduce {

    /** Keys the check command has an option of its own for (Main.Check's inline variant options). */
    static final Set<String> OWN_OPTIONS = Set.of("harvest", "mmu-lock", "clear-op", "set-op", "fault-path",
            "fault-order", "flush", "host-writes");

    private Reproduce() {
    }

    /** The command, as one shell line. */
    static String command(Variant v) {
        return String.join(" ", words(v));
    }

    /** The command's words, unquoted (for running it in-process). */
    static List<String> args(Variant v) {
        List<String> w = new ArrayList<>();
        for (String s : words(v)) {
            w.add(unquote(s));
        }
        return w.subList(1, w.size());
    }

    private static List<String> words(Variant v) {
        List<String> w = new ArrayList<>();
        w.add("./dirtyproof");
        w.add("check");
        w.add("--name");
        w.add(quote(v.name()));
        w.add("--protocol");
        w.add(quote(v.protocol()));
        Map<String, Object> base = v.family().modelled() ? v.family().defaults(v.name()).keys() : Map.of();
        for (Map.Entry<String, Object> e : v.keys().entrySet()) {
            String k = e.getKey();
            if (k.equals("name") || k.equals("protocol") || k.equals("summary") || k.equals("expect")
                    || k.equals("bounds") || Objects.equals(e.getValue(), base.get(k))) {
                continue;
            }
            if (OWN_OPTIONS.contains(k)) {
                w.add("--" + k);
                w.add(quote(plain(e.getValue())));
            } else {
                w.add("--key");
                w.add(quote(k + "=" + yaml(e.getValue())));
            }
        }
        Bounds dflt = v.family().modelled() ? v.family().defaultBounds() : Bounds.DEFAULT;
        List<String> bounds = new ArrayList<>();
        Map<String, Object> dk = dflt.keys();
        for (Map.Entry<String, Object> e : v.bounds().keys().entrySet()) {
            if (!Objects.equals(e.getValue(), dk.get(e.getKey()))) {
                bounds.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (!bounds.isEmpty()) {
            w.add("--bounds");
            w.add(quote(String.join(",", bounds)));
        }
        if (v.expect() != null) {
            w.add("--expect");
            w.add(v.expect().id());
        }
        w.add("--backend");
        w.add("tlc");
        return w;
    }

    /** A value as the command's own option takes it: a list comma-joined. */
    private static String plain(Object value) {
        if (value instanceof List) {
            List<String> r = new ArrayList<>();
            for (Object o : (List<?>) value) {
                r.add(String.valueOf(o));
            }
            return String.join(",", r);
        }
        return String.valueOf(value);
    }

    /** A value as YAML flow: [a, b] for a list, the text otherwise. */
    private static String yaml(Object value) {
        if (value instanceof List) {
            return "[" + plain(value) + "]";
        }
        return String.valueOf(value);
    }

    /** Single-quoted when the shell would read anything into it. */
    static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_.,=/:+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("'\\''", "'");
        }
        return s;
    }
}
