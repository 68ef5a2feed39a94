package dirtyproof.cli;

import dirtyproof.backend.BackendResult;

import java.util.Map;
import java.util.stream.Collectors;

/** Short human-readable pieces of the terminal output. */
final class Text {

    private Text() {
    }

    /** "(1234 states, depth 20, 2.1 s)". */
    static String explored(BackendResult r) {
        String counts = r.explored().entrySet().stream().map(Text::count).collect(Collectors.joining(", "));
        return "(" + (counts.isEmpty() ? "" : counts + ", ") + String.format("%.1f s", r.seconds()) + ")";
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
}
