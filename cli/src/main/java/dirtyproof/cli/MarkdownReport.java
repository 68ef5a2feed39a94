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
 * {@code --markdown FILE}: for CI job summaries and pull-request comments. A table of the variants (verdict,
 * expectation, every back-end's standing), then for each counterexample a Mermaid {@code sequenceDiagram} (one
 * participant per actor, one message per step, the lost write as a note) and the same steps in columns, ending
 * with the command that reproduces it.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(List<VariantResult> results, int exitCode) {
        Set<String> backends = new LinkedHashSet<>();
        results.forEach(r -> backends.addAll(r.results().keySet()));
        StringBuilder sb = new StringBuilder("# dirtyproof: can a guest write be lost?\n\n");
        sb.append("| variant | protocol | verdict | expect |");
        backends.forEach(b -> sb.append(' ').append(b).append(" |"));
        sb.append("\n|---|---|---|---|");
        backends.forEach(b -> sb.append("---|"));
        sb.append('\n');
        for (VariantResult r : results) {
            String mark = TextReport.mark(r);
            sb.append("| ").append(cell(r.variant().name())).append(" | ").append(cell(r.variant().protocol()))
                    .append(" | **").append(r.verdict().id()).append("**").append(mark.equals("ok") ? "" : " (" + mark + ")")
                    .append(" | ").append(r.variant().expect() == null ? "-" : r.variant().expect().id()).append(" |");
            for (String b : backends) {
                sb.append(' ').append(r.results().containsKey(b) ? r.standing(b) : "-").append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n").append(results.size()).append(" variant").append(results.size() == 1 ? "" : "s")
                .append(", exit ").append(exitCode).append(".\n");
        for (VariantResult r : results) {
            List<String> warnings = r.warnings();
            BackendResult cx = r.counterexample();
            if (warnings.isEmpty() && cx == null) {
                continue;
            }
            sb.append("\n## ").append(r.variant().name()).append(": ").append(r.verdict().id()).append("\n\n");
            if (!r.variant().summary().isEmpty()) {
                sb.append(r.variant().summary()).append("\n\n");
            }
            for (String w : warnings) {
                sb.append("- warning: ").append(w).append('\n');
            }
            if (!warnings.isEmpty()) {
                sb.append('\n');
            }
            if (cx != null && !cx.counterexample().events().isEmpty()) {
                sb.append("Counterexample from ").append(cx.backend())
                        .append(cx.replayed() ? ", replayed in the Java implementation" : ", **not** replayed in Java")
                        .append(":\n\n```mermaid\n").append(mermaid(cx.counterexample())).append("```\n\n```text\n")
                        .append(cx.columns()).append("\n```\n\n");
                sb.append("Reproduce: `").append(Reproduce.command(r.variant())).append("`\n");
            }
        }
        return sb.toString();
    }

    /** The counterexample as a Mermaid sequence diagram: one participant per actor, a numbered message per step. */
    static String mermaid(Counterexample cx) {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        for (String c : cx.columns()) {
            sb.append("    participant ").append(c).append('\n');
        }
        for (int i = 0; i < cx.events().size(); i++) {
            String actor = cx.events().get(i).actor();
            String e = cx.events().get(i).toString().substring(actor.length() + 1);
            String note = cx.notes().get(i);
            sb.append("    ").append(actor).append("->>").append(actor).append(": ").append(i + 1).append(". ")
                    .append(text(e + (note.isEmpty() ? "" : " " + note))).append('\n');
        }
        String span = cx.columns().isEmpty() ? null : cx.columns().get(0)
                + (cx.columns().size() > 1 ? "," + cx.columns().get(cx.columns().size() - 1) : "");
        for (LostWrite l : cx.lost()) {
            if (span != null) {
                sb.append("    Note over ").append(span).append(": ").append(text(l.toString())).append('\n');
            }
        }
        return sb.toString();
    }

    /** Text Mermaid takes in a message: its statement separators and entity marks written as entity codes. */
    static String text(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case ';': sb.append("#59;"); break;
                case '#': sb.append("#35;"); break;
                case '<': sb.append("#60;"); break;
                case '>': sb.append("#62;"); break;
                case '\n': sb.append(' '); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    static void write(Path file, List<VariantResult> results, int exitCode) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(results, exitCode), StandardCharsets.UTF_8);
    }
}
