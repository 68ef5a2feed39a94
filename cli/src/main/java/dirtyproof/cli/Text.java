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

    private static String count(Map.Entry<String, Number> e) {
        return e.getValue() + " " + e.getKey();
    }
}
