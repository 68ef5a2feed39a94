package dirtyproof.cli;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.check.VariantResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * What the terminal shows for each variant: the one grep-able verdict line, one line per back-end, the
 * warnings, and the counterexample in columns ending with the command that reproduces it; then a summary.
 *
 * <pre>
 * dirtyproof: no-flush lost-write expect=lost-write tlc=lost-write lincheck=lost-write jcstress=missed
 * </pre>
 */
final class TextReport {

    private TextReport() {
    }

    /** {@code dirtyproof: <name> <verdict> expect=<expect> tlc=… lincheck=… jcstress=…}. */
    static String verdictLine(VariantResult o) {
        StringBuilder sb = new StringBuilder("dirtyproof: ").append(Text.clean(o.variant().name())).append(' ')
                .append(o.verdict().id()).append(" expect=")
                .append(o.variant().expect() == null ? "-" : o.variant().expect().id());
        for (String b : o.results().keySet()) {
            sb.append(' ').append(b).append('=').append(o.standing(b));
        }
        return sb.toString();
    }

    /** The mark of a variant: ok, or what is wrong with it. */
    static String mark(VariantResult o) {
        return o.disagreement() ? "DISAGREEMENT"
                : o.mismatch() && o.variant().expect() == null ? "LOST WRITE (no expect given)"
                : o.mismatch() ? "DIFFERS FROM EXPECTATION" : o.inconclusive() ? "INCONCLUSIVE" : "ok";
    }

    static void print(PrintWriter out, VariantResult o, boolean showTrace) {
        out.println(verdictLine(o));
        String mark = mark(o);
        if (!mark.equals("ok")) {
            out.println("    " + mark);
        }
        for (var e : o.results().entrySet()) {
            BackendResult r = e.getValue();
            out.printf("    %-9s %-12s %s%s%n", e.getKey(), r.verdict(), Text.explored(r),
                    r.verdict() == Verdict.SAFE || r.reason().isEmpty() ? "" : "  " + Text.clean(firstLine(r.reason())));
        }
        for (String w : o.warnings()) {
            out.println("    warning: " + Text.clean(w));
        }
        BackendResult cx = o.counterexample();
        if (cx != null && (showTrace || o.mismatch() || o.variant().expect() == null || o.disagreement())) {
            out.println("    counterexample (" + cx.backend() + (cx.replayed() ? ", replayed in Java" : ", NOT replayed in Java")
                    + "):");
            if (!cx.columns().isEmpty()) {
                cx.columns().lines().forEach(l -> out.println("      " + Text.clean(l)));
            }
            out.println("    reproduce: " + Text.clean(Reproduce.command(o.variant())));
        }
        out.flush();
    }

    static void summary(PrintWriter out, List<VariantResult> outcomes, int code) {
        long ok = outcomes.stream().filter(o -> !o.mismatch() && !o.disagreement() && !o.inconclusive()).count();
        out.printf("%n%d variant%s: %d as expected, %d differ from expectation, %d disagreements, %d inconclusive."
                        + " Exit %d.%n", outcomes.size(), outcomes.size() == 1 ? "" : "s", ok,
                outcomes.stream().filter(VariantResult::mismatch).count(),
                outcomes.stream().filter(VariantResult::disagreement).count(),
                outcomes.stream().filter(VariantResult::inconclusive).count(), code);
        out.flush();
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
