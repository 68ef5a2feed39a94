package dirtyproof.cli;

import dirtyproof.check.VariantResult;
import dirtyproof.check.VariantVerdict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;

import dirtyproof.variant.VariantLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable reports: --json (docs/verdicts.md), --junit (for CI dashboards), --report DIR (text).
 * --markdown, --html and --ktap have classes of their own.
 */
final class Reports {

    private Reports() {
    }

    static Map<String, Object> json(List<VariantResult> outcomes, int exitCode) {
        List<Object> variants = new ArrayList<>();
        for (VariantResult o : outcomes) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", o.variant().name());
            v.put("file", o.variant().file());
            v.put("protocol", o.variant().protocol());
            v.put("expect", o.variant().expect() == null ? null : o.variant().expect().id());
            v.put("verdict", o.verdict().id());
            v.put("matches", !o.mismatch() && o.verdict().conclusive());
            v.put("disagreement", o.disagreement());
            v.put("warnings", o.warnings());
            if (o.counterexample() != null) {
                v.put("reproduce", Reproduce.command(o.variant()));
            }
            v.put("variant", o.variant().keys());
            Map<String, Object> backends = new LinkedHashMap<>();
            for (String b : o.results().keySet()) {
                backends.put(b, o.backendMap(b));
            }
            v.put("backends", backends);
            variants.add(v);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("variants", variants);
        root.put("exit", exitCode);
        return root;
    }

    static void writeJson(Path file, List<VariantResult> outcomes, int exitCode) throws IOException {
        mkdirs(file);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json(outcomes, exitCode));
    }

    /** The JSON report to its file, or to {@code stdout} when the file is '-'. */
    static void writeJson(OutputPaths.Output to, PrintWriter stdout, List<VariantResult> outcomes, int exitCode)
            throws IOException {
        if (!to.stdout()) {
            writeJson(to.path(), outcomes, exitCode);
            return;
        }
        stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json(outcomes, exitCode)));
        stdout.flush();
        if (stdout.checkError()) {
            throw new IOException("standard output could not be written");
        }
    }

    /** One test case per variant and back-end: a failure when it contradicts the expectation, an error when inconclusive. */
    static void writeJunit(Path file, List<VariantResult> outcomes) throws IOException {
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        double time = 0;
        for (VariantResult o : outcomes) {
            for (var e : o.results().entrySet()) {
                BackendResult r = e.getValue();
                tests++;
                time += r.seconds();
                cases.append("  <testcase classname=\"dirtyproof.").append(xml(o.variant().protocol())).append('.')
                        .append(xml(o.variant().name())).append("\" name=\"").append(xml(e.getKey()))
                        .append("\" time=\"").append(String.format("%.3f", r.seconds())).append("\">");
                if (r.verdict() == Verdict.INCONCLUSIVE) {
                    errors++;
                    cases.append("<error message=\"inconclusive\">").append(xml(r.reason())).append("</error>");
                } else if (o.missed(r) && o.variant().expect() != null) {
                    cases.append("<skipped message=\"").append(xml("missed: " + VariantResult.coverage(r)
                            + " without the lost write another back-end replayed")).append("\"/>");
                } else if (o.mismatch(r)) {
                    failures++;
                    cases.append("<failure message=\"").append(xml(o.variant().expect() == null
                            ? r.verdict() + ": a lost write (the variant states no expect)"
                            : r.verdict() + (r.verdict() == Verdict.UNSAFE && !r.replayed() ? " (not replayed in Java)" : "")
                            + ", expected " + o.variant().expect().id())).append("\">")
                            .append(xml(r.counterexample() == null ? r.reason() : r.columns())).append("</failure>");
                }
                cases.append("</testcase>\n");
            }
        }
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"dirtyproof\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" time=\"" + String.format("%.3f", time)
                + "\">\n" + cases + "</testsuite>\n";
        mkdirs(file);
        Files.writeString(file, doc, StandardCharsets.UTF_8);
    }

    /** One text file per variant: its keys, each back-end's answer, and counterexamples in columns. */
    static void writeReportDir(Path dir, List<VariantResult> outcomes) throws IOException {
        Files.createDirectories(dir);
        for (VariantResult o : outcomes) {
            StringBuilder sb = new StringBuilder();
            sb.append(o.variant().name()).append(": ").append(o.verdict()).append(o.variant().expect() == null ? ""
                    : " (expected " + o.variant().expect().id() + ")").append('\n');
            sb.append(Text.clean(o.variant().summary())).append("\n\n");
            // the variant as a variant file (it reads back with VariantLoader), then each back-end's answer
            sb.append("# the variant\n").append(VariantLoader.toYaml(o.variant()));
            for (var e : o.results().entrySet()) {
                BackendResult r = e.getValue();
                sb.append("\n== ").append(e.getKey()).append(": ").append(r.verdict()).append(' ')
                        .append(Text.explored(r)).append('\n');
                if (!r.reason().isEmpty()) {
                    sb.append(Text.clean(r.reason(), true)).append('\n');
                }
                if (r.counterexample() != null) {
                    sb.append(r.columns()).append('\n');
                }
            }
            Files.writeString(dir.resolve(o.variant().name() + ".txt"), sb.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void mkdirs(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Escaped for XML 1.0, whose documents cannot hold control characters other than tab and newlines at all. */
    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (!allowed || (c >= 0x7f && c <= 0x9f)) {
                b.append(String.format("\\x%02x", c & 0xff));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
