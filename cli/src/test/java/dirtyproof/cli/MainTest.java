package dirtyproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dirtyproof.backend.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: verdicts, exit codes, reports, and bad input rejected with exit 2. */
class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path catalog() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("variants"))) {
                return p.resolve("variants");
            }
        }
        throw new IllegalStateException("no variants/");
    }

    @AfterEach
    void reset() {
        FakeBackend.ANSWERS.clear();
    }

    @Test
    void variantsListsTheCatalog() {
        Result r = run("variants", catalog().toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("kernel-today"), r.out);
        assertTrue(r.out.contains("protect-before-clear") && r.out.contains("lost-write"), r.out);
    }

    @Test
    void allAsExpectedExitsZero() {
        List<dirtyproof.variant.Variant> all = dirtyproof.variant.VariantLoader.load(List.of(catalog().resolve("get-log")));
        for (dirtyproof.variant.Variant v : all) {
            if (v.expect() == dirtyproof.variant.Expect.LOST_WRITE) {
                FakeBackend.ANSWERS.put("fake/" + v.name(), Verdict.UNSAFE);
            }
        }
        // the get-log folder: the other families' unsafe variants would need their own fake answers
        Result r = run("check", catalog().resolve("get-log").toString(), "--backend", "fake");
        assertEquals(0, r.code, r.out + r.err);
        int getLog = dirtyproof.variant.VariantLoader.load(List.of(catalog().resolve("get-log"))).size();
        assertTrue(r.out.contains(getLog + " variants: " + getLog + " as expected"), r.out);
    }

    @Test
    void aMissedLostWriteExitsOne() {
        Result r = run("check", catalog().resolve("get-log/no-flush.yaml").toString(), "--backend", "fake");
        assertEquals(1, r.code, r.out);
        assertTrue(r.out.contains("DIFFERS FROM EXPECTATION"), r.out);
    }

    @Test
    void anInconclusiveBackendExitsThreeNeverZero() {
        FakeBackend.ANSWERS.put("fake/kernel-today", Verdict.INCONCLUSIVE);
        Result r = run("check", catalog().resolve("get-log/kernel-today.yaml").toString(), "--backend", "fake");
        assertEquals(3, r.code, r.out);
        assertTrue(r.out.contains("inconclusive"), r.out);
        assertTrue(r.out.contains("fake tool crashed"), r.out);
    }

    @Test
    void aThrowingBackendIsInconclusive() {
        Result r = run("check", catalog().resolve("get-log/kernel-today.yaml").toString(), "--backend", "throwing");
        assertEquals(3, r.code, r.out);
        assertTrue(r.out.contains("the throwing back-end failed: java.lang.IllegalStateException: boom"), r.out);
    }

    @Test
    void disagreeingBackendsExitFour() {
        FakeBackend.ANSWERS.put("fake2/kernel-today", Verdict.UNSAFE);
        Result r = run("check", catalog().resolve("get-log/kernel-today.yaml").toString(), "--backend", "fake,fake2");
        assertEquals(4, r.code, r.out);
        assertTrue(r.out.contains("BACK-ENDS DISAGREE"), r.out);
    }

    @Test
    void unavailableBackendIsSaidAndInconclusive() {
        // the jcstress module is kept off this module's test class path (pom.xml)
        Result r = run("check", catalog().resolve("get-log/kernel-today.yaml").toString(), "--backend", "jcstress");
        assertEquals(3, r.code, r.out + r.err);
        assertTrue(r.err.contains("back-end jcstress is not available in this build"), r.err);
        assertTrue(r.out.contains("jcstress  INCONCLUSIVE"), r.out);
    }

    @Test
    void endToEndWithTlcFindsTheLostWriteAndExitsZero(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tlc.json");
        Result r = run("check", catalog().resolve("get-log/no-flush.yaml").toString(), "--backend", "tlc", "--json",
                json.toString());
        assertEquals(0, r.code, r.out + r.err);
        // which page TLC's shortest trace loses depends on the catalog bounds; the text and the JSON must agree on it
        java.util.regex.Matcher lost = java.util.regex.Pattern.compile("lost write: page (p\\d+) mem=\\d+ dest=\\d+")
                .matcher(r.out);
        assertTrue(lost.find(), "the counterexample of a single variant is printed: " + r.out);
        JsonNode tlc = new ObjectMapper().readTree(json.toFile()).get("variants").get(0).get("backends").get("tlc");
        assertEquals("UNSAFE", tlc.get("verdict").asText());
        assertTrue(tlc.get("reason").asText().contains("page " + lost.group(1)), tlc.toString());
        assertTrue(tlc.get("explored").get("states").asInt() > 0);
        assertTrue(tlc.get("trace").size() > 3);
    }

    @Test
    void noExpectationAndALostWriteExitsOne() {
        FakeBackend.ANSWERS.put("fake/inline", Verdict.UNSAFE);
        Result r = run("check", "--protocol", "get-log", "--harvest", "snapshot-clear,write-protect,copy-to-user",
                "--backend", "fake");
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(r.out.contains("counterexample (fake)"), r.out);
    }

    @Test
    void jsonReportHasTheDesignShape(@TempDir Path dir) throws Exception {
        FakeBackend.ANSWERS.put("fake/no-flush", Verdict.UNSAFE);
        Path json = dir.resolve("out/report.json");
        Path junit = dir.resolve("junit.xml");
        Path report = dir.resolve("report");
        Result r = run("check", catalog().resolve("get-log/no-flush.yaml").toString(), catalog().resolve("get-log/kernel-today.yaml").toString(),
                "--backend", "fake", "--json", json.toString(), "--junit", junit.toString(), "--report", report.toString());
        assertEquals(0, r.code, r.out + r.err);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode v = root.get("variants").get(0);
        assertEquals("no-flush", v.get("name").asText());
        assertTrue(v.get("file").asText().endsWith("no-flush.yaml"));
        assertEquals("get-log", v.get("protocol").asText());
        assertEquals("lost-write", v.get("expect").asText());
        assertEquals("lost-write", v.get("verdict").asText());
        JsonNode b = v.get("backends").get("fake");
        assertEquals("UNSAFE", b.get("verdict").asText());
        assertEquals(7, b.get("explored").get("states").asInt());
        assertEquals(0.5, b.get("seconds").asDouble());
        assertEquals("lost write: page p0 mem=1 dest=0", b.get("trace").get(1).asText());
        assertEquals("safe", root.get("variants").get(1).get("verdict").asText());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<testsuite name=\"dirtyproof\" tests=\"2\" failures=\"0\" errors=\"0\""), xml);
        assertTrue(Files.readString(report.resolve("no-flush.txt")).contains("lost write: page p0 mem=1 dest=0"));
    }

    /** Every malformed fixture of impl, given to the command: exit 2, the file and key named, no stack trace. */
    @TestFactory
    List<DynamicTest> malformedVariantFilesExitTwo() throws Exception {
        Path dir = catalog().getParent().resolve("impl/src/test/resources/malformed");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().collect(Collectors.toList());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                Result r = run("check", f.toString(), "--backend", "fake");
                assertEquals(2, r.code, r.out + r.err);
                assertTrue(r.err.startsWith("dirtyproof: " + f + ": "), r.err);
                assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
                assertEquals("", r.out, "no verdict printed for bad input");
            }));
        }
        return tests;
    }

    @Test
    void badCommandLinesExitTwo() {
        String today = catalog().resolve("get-log/kernel-today.yaml").toString();
        List<String[]> bad = List.of(
                new String[] {"check"},
                new String[] {"check", "no/such/file.yaml", "--backend", "fake"},
                new String[] {"check", today, "--backend", "tlx"},
                new String[] {"check", today, "--protocol", "get-log"},
                new String[] {"check", "--protocol", "get-log", "--harvest", "snapshot-clear,snapshot-clear"},
                new String[] {"check", "--protocol", "get-log", "--bounds", "pages=0"},
                new String[] {"check", "--protocol", "get-log", "--bounds", "pages"},
                new String[] {"check", "--protocol", "get-log", "--host-writes", "yes"},
                new String[] {"check", "--protocol", "get-log", "--flush", "lazy"},
                new String[] {"check", today, "--jcstress-mode", "long", "--backend", "fake"},
                new String[] {"check", today, "--timeout", "soon"},
                new String[] {"check", today, "--no-such-option"},
                new String[] {"frobnicate"});
        for (String[] args : bad) {
            Result r = run(args);
            assertEquals(2, r.code, String.join(" ", args) + "\n" + r.out + r.err);
            assertTrue(r.err.startsWith("dirtyproof: "), String.join(" ", args) + ": " + r.err);
            assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
        }
    }

    @Test
    void inlineOptionErrorsNameTheOption() {
        Result r = run("check", "--protocol", "get-log", "--harvest", "snapshot-clear,flush", "--backend", "fake");
        assertEquals("dirtyproof: command line: option '--harvest': unknown step 'flush'; valid steps: snapshot-clear,"
                + " write-protect, flush-tlb, copy-to-user", r.err.strip());
    }
}
