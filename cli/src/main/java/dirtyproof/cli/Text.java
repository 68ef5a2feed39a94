package dirtyproof.cli;

import dirtyproof.backend.BackendResult;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Short human-readable pieces of the terminal output. */
final class Text {

    private Text() {
    }

    /** "(1234 states, depth 20, 2.1 s)". */
    static String explored(BackendResult r) {
        String counts = r.explored().entrySet().stream().map(Text::count).collect(Collectors.joining(", "));
        return "(" + (counts.isEmpty() ? "" : counts + ", ") + String.format(Locale.ROOT, "%.1f s", r.seconds()) + ")";
    }

    /** ", bounds: {vcpus: 1}": the bounds that differ from the family's default bounds, or "". */
    static String nonDefaultBounds(dirtyproof.variant.Variant v) {
        if (!v.family().modelled()) {
            return "";
        }
        Map<String, Object> d = v.family().defaultBounds().keys();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : v.bounds().keys().entrySet()) {
            if (!java.util.Objects.equals(e.getValue(), d.get(e.getKey()))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
            }
        }
        return sb.length() == 0 ? "" : "; bounds: {" + sb + "}";
    }

    private static String count(Map.Entry<String, Number> e) {
        return e.getValue() + " " + e.getKey();
    }

    /**
     * Text from a variant file or a tool, made safe to print on a terminal: control characters (escape
     * sequences, NUL, carriage returns, newlines), DEL, the C1 controls and the bidirectional overrides
     * become visible escapes like {@code \x1b} and {@code \u202e}, so a summary cannot rewrite the screen.
     */
    static String clean(String s) {
        return clean(s, false);
    }

    /** As {@link #clean(String)}; with {@code keepNewlines} a multi-line text keeps its line breaks and tabs. */
    static String clean(String s, boolean keepNewlines) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (keepNewlines && (c == '\n' || c == '\t')) {
                b.appendCodePoint(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                b.append(String.format("\\x%02x", c));
            } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
