package dirtyproof.cli;

import dirtyproof.backend.BackendResult;
import dirtyproof.check.VariantResult;
import dirtyproof.check.VariantVerdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --ktap FILE}: the results as KTAP (the kernel's test output format, Documentation/dev-tools/ktap.rst),
 * for kernel CI. One test per variant, with one subtest per back-end: {@code lost-write} and
 * {@code disagreement} are {@code not ok}; {@code safe} and {@code no-lost-write-found} are {@code ok} (the
 * latter with a diagnostic saying it was sampled, not proved); {@code inconclusive} is {@code ok ... # SKIP} with
 * the reason. A back-end: UNSAFE is {@code not ok}, SAFE {@code ok}, INCONCLUSIVE {@code # SKIP}.
 */
final class KtapReport {

    private KtapReport() {
    }

    static String render(List<VariantResult> results) {
        StringBuilder sb = new StringBuilder("KTAP version 1\n1..").append(results.size()).append('\n');
        int n = 0;
        for (VariantResult r : results) {
            n++;
            String name = name(r.variant().name());
            sb.append("    KTAP version 1\n    # Subtest: ").append(name).append("\n    1..").append(r.results().size())
                    .append('\n');
            int k = 0;
            for (var e : r.results().entrySet()) {
                k++;
                BackendResult b = e.getValue();
                switch (b.verdict()) {
                    case UNSAFE:
                        sb.append("    # ").append(e.getKey()).append(": ").append(diag(firstLine(b.reason()))).append('\n');
                        sb.append("    not ok ").append(k).append(' ').append(e.getKey()).append('\n');
                        break;
                    case SAFE:
                        sb.append("    ok ").append(k).append(' ').append(e.getKey()).append('\n');
                        break;
                    default:
                        sb.append("    ok ").append(k).append(' ').append(e.getKey()).append(" # SKIP ")
                                .append(diag(firstLine(b.reason()))).append('\n');
                }
            }
            sb.append("# ").append(name).append(": ").append(r.verdict().id()).append(", expect=")
                    .append(r.variant().expect() == null ? "-" : r.variant().expect().id())
                    .append(r.mismatch() ? ", DIFFERS FROM EXPECTATION" : "").append('\n');
            for (String w : r.warnings()) {
                sb.append("# ").append(diag(w)).append('\n');
            }
            VariantVerdict v = r.verdict();
            switch (v) {
                case LOST_WRITE:
                case DISAGREEMENT:
                    sb.append("not ok ").append(n).append(' ').append(name).append('\n');
                    break;
                case SAFE:
                    sb.append("ok ").append(n).append(' ').append(name).append('\n');
                    break;
                case NO_LOST_WRITE_FOUND:
                    sb.append("# ").append(name).append(": sampled only (no exhaustive back-end ran): not a proof\n");
                    sb.append("ok ").append(n).append(' ').append(name).append('\n');
                    break;
                default:
                    sb.append("ok ").append(n).append(' ').append(name).append(" # SKIP inconclusive: ")
                            .append(diag(reason(r))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String reason(VariantResult r) {
        for (BackendResult b : r.results().values()) {
            if (b.verdict() == dirtyproof.backend.Verdict.INCONCLUSIVE) {
                return b.backend() + ": " + firstLine(b.reason());
            }
        }
        return r.results().isEmpty() ? "no back-end ran" : "no back-end settled it";
    }

    /** A test name: KTAP names are one word-ish; '#' would start a directive. */
    private static String name(String s) {
        return s.replace('#', '_').replace(' ', '_');
    }

    private static String diag(String s) {
        return s.replace('\n', ' ').replace("#", "no.");
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    static void write(Path file, List<VariantResult> results) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(results), StandardCharsets.UTF_8);
    }
}
