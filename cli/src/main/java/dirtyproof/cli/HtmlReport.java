package dirtyproof.cli;

import dirtyproof.backend.BackendResult;
import dirtyproof.check.VariantResult;
import dirtyproof.model.Counterexample;
import dirtyproof.model.LostWrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --html DIR}: one self-contained page, {@code DIR/index.html} (inline style, inline SVG, no script and
 * nothing fetched from the network): the variants table, and for each counterexample an SVG swimlane -- one lane
 * per actor, one numbered box per step in its actor's lane, the lost write across the bottom -- beside the steps in
 * columns and the command that reproduces it.
 */
final class HtmlReport {

    static final int LANE = 250;
    static final int ROW = 26;
    static final int TOP = 34;
    static final int LEFT = 34;
    /** The characters of a step's label that fit its box: 12 px monospace is about 7.3 px a character. */
    static final int LABEL_CHARS = (LANE - 14 - 12) * 10 / 73;

    private HtmlReport() {
    }

    static String render(List<VariantResult> results, int exitCode) {
        Set<String> backends = new LinkedHashSet<>();
        results.forEach(r -> backends.addAll(r.results().keySet()));
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>dirtyproof report</title>\n")
                .append("<style>\nbody{font-family:sans-serif;margin:1.5em;color:#222}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}\n")
                .append("th{background:#eee}.lost-write,.disagreement{color:#b00;font-weight:bold}\n")
                .append(".safe{color:#070;font-weight:bold}.no-lost-write-found{color:#555}.inconclusive{color:#a60}\n")
                .append("pre{background:#f6f6f6;padding:8px;overflow:auto}.cx{display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap}\n")
                .append("code{background:#f0f0f0;padding:2px 4px}\n</style></head><body>\n")
                .append("<h1>dirtyproof: can a guest write be lost?</h1>\n<table>\n<tr><th>variant</th><th>protocol</th>")
                .append("<th>verdict</th><th>expect</th>");
        backends.forEach(b -> sb.append("<th>").append(esc(b)).append("</th>"));
        sb.append("</tr>\n");
        for (VariantResult r : results) {
            String mark = TextReport.mark(r);
            sb.append("<tr><td>").append(anchor(r)).append("</td><td>").append(esc(r.variant().protocol()))
                    .append("</td><td class=\"").append(r.verdict().id()).append("\">").append(r.verdict().id())
                    .append(mark.equals("ok") ? "" : " (" + esc(mark) + ")").append("</td><td>")
                    .append(r.variant().expect() == null ? "-" : r.variant().expect().id()).append("</td>");
            for (String b : backends) {
                sb.append("<td>").append(r.results().containsKey(b) ? esc(r.standing(b)) : "-").append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<p>").append(results.size()).append(" variant").append(results.size() == 1 ? "" : "s")
                .append(", exit ").append(exitCode).append(".</p>\n");
        for (VariantResult r : results) {
            BackendResult cx = r.counterexample();
            List<String> warnings = r.warnings();
            if (cx == null && warnings.isEmpty()) {
                continue;
            }
            sb.append("<h2 id=\"").append(id(r)).append("\">").append(esc(r.variant().name())).append(": <span class=\"")
                    .append(r.verdict().id()).append("\">").append(r.verdict().id()).append("</span></h2>\n<p>")
                    .append(esc(r.variant().summary())).append("</p>\n");
            if (!warnings.isEmpty()) {
                sb.append("<ul>");
                warnings.forEach(w -> sb.append("<li>warning: ").append(esc(w)).append("</li>"));
                sb.append("</ul>\n");
            }
            if (cx != null && !cx.counterexample().events().isEmpty()) {
                sb.append("<p>Counterexample from ").append(esc(cx.backend())).append(cx.replayed()
                        ? ", replayed in the Java implementation" : ", <b>not</b> replayed in Java").append(":</p>\n")
                        .append("<div class=\"cx\">").append(svg(cx.counterexample())).append("<pre>")
                        .append(esc(cx.columns())).append("</pre></div>\n<p>Reproduce: <code>")
                        .append(esc(Reproduce.command(r.variant()))).append("</code></p>\n");
            }
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** The swimlane: lanes with the actors' names, a box per step, the lost writes below. */
    static String svg(Counterexample cx) {
        List<String> lanes = cx.columns();
        int n = cx.events().size();
        int width = LEFT + Math.max(1, lanes.size()) * LANE + 10;
        int height = TOP + n * ROW + 20 + cx.lost().size() * ROW + 10;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"monospace\" font-size=\"12\" role=\"img\">\n");
        for (int i = 0; i < lanes.size(); i++) {
            int x = LEFT + i * LANE;
            sb.append("<rect x=\"").append(x).append("\" y=\"0\" width=\"").append(LANE - 6).append("\" height=\"")
                    .append(TOP + n * ROW + 6).append("\" fill=\"").append(i % 2 == 0 ? "#f4f7fb" : "#f9f9f4")
                    .append("\"/>\n<text x=\"").append(x + 8).append("\" y=\"20\" font-weight=\"bold\">")
                    .append(esc(lanes.get(i))).append("</text>\n");
        }
        for (int k = 0; k < n; k++) {
            String actor = cx.events().get(k).actor();
            int lane = Math.max(0, lanes.indexOf(actor));
            int x = LEFT + lane * LANE;
            int y = TOP + k * ROW;
            String step = cx.events().get(k).toString().substring(actor.length() + 1);
            String note = cx.notes().get(k);
            String label = step + (note.isEmpty() ? "" : " " + note);
            if (label.length() > LABEL_CHARS) {
                // the whole step and its note are the box's tooltip (its <title>)
                label = label.substring(0, LABEL_CHARS - 1) + "\u2026";
            }
            sb.append("<text x=\"4\" y=\"").append(y + 16).append("\" fill=\"#888\">").append(k + 1).append("</text>\n")
                    .append("<rect x=\"").append(x + 4).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(LANE - 14).append("\" height=\"").append(ROW - 5).append("\" rx=\"4\" fill=\"#fff\" stroke=\"")
                    .append(step.startsWith("guest-write") || step.startsWith("host-write") ? "#c60" : "#468")
                    .append("\"><title>").append(esc(cx.events().get(k) + (note.isEmpty() ? "" : " " + note)))
                    .append("</title></rect>\n<text x=\"").append(x + 10).append("\" y=\"").append(y + 16).append("\">")
                    .append(esc(label)).append("</text>\n");
        }
        int y = TOP + n * ROW + 20;
        for (LostWrite l : cx.lost()) {
            sb.append("<text x=\"").append(LEFT).append("\" y=\"").append(y + 12).append("\" fill=\"#b00\" font-weight=\"bold\">")
                    .append(esc(l.toString())).append("</text>\n");
            y += ROW;
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static String anchor(VariantResult r) {
        boolean detail = r.counterexample() != null || !r.warnings().isEmpty();
        return detail ? "<a href=\"#" + id(r) + "\">" + esc(r.variant().name()) + "</a>" : esc(r.variant().name());
    }

    private static String id(VariantResult r) {
        return "v-" + r.variant().name().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static Path write(Path dir, List<VariantResult> results, int exitCode) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("index.html");
        Files.writeString(f, render(results, exitCode), StandardCharsets.UTF_8);
        return f;
    }
}
