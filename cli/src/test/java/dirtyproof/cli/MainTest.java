package dirtyproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** A catalog variant file by name, wherever the catalog keeps it (variants/ or variants/<protocol>/). */
    static Path variant(String name) {
        try (Stream<Path> s = Files.walk(catalog())) {
            return s.filter(p -> p.getFileName().toString().equals(name + ".yaml")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + name + ".yaml in " + catalog()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void reset() {
        FakeBackend.ANSWERS.clear();
    }

    static String line(Result r, String name) {
        return r.out.lines().filter(l -> l.startsWith("dirtyproof: " + name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict line for " + name + ":\n" + r.out));
    }

    @Test
    void variantsListsTheCatalogWithItsNonDefaultBounds() {
        Result r = run("variants", catalog().toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("kernel-today"), r.out);
        assertTrue(r.out.contains("protect-before-clear") && r.out.contains("lost-write"), r.out);
        assertTrue(r.out.contains("bounds: {vcpus: 1}"), "no-flush runs at one vCPU: " + r.out);
    }

    @Test
    void allAsExpectedExitsZero() {
        Path getLog = catalog().resolve("get-log");
        List<dirtyproof.variant.Variant> all = dirtyproof.variant.VariantLoader.load(List.of(getLog));
        for (dirtyproof.variant.Variant v : all) {
            FakeBackend.ANSWERS.put("fake/" + v.name(), v.expect() == dirtyproof.variant.Expect.LOST_WRITE
                    ? FakeBackend.Answer.LOST : FakeBackend.Answer.PROVED);
        }
        // the get-log folder: the other families' unsafe variants would need their own fake answers
        Result r = run("check", catalog().resolve("get-log").toString(), "--backend", "fake");
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains(all.size() + " variants: " + all.size() + " as expected"), r.out);
        assertTrue(line(r, "no-flush").equals("dirtyproof: no-flush lost-write expect=lost-write fake=lost-write"), r.out);
        assertTrue(line(r, "kernel-today").equals("dirtyproof: kernel-today safe expect=safe fake=safe"), r.out);
    }

    @Test
    void aMissedLostWriteExitsOne() {
        Result r = run("check", variant("no-flush").toString(), "--backend", "fake");
        assertEquals(1, r.code, r.out);
        assertEquals("dirtyproof: no-flush no-lost-write-found expect=lost-write fake=none-found", line(r, "no-flush"));
        assertTrue(r.out.contains("DIFFERS FROM EXPECTATION"), r.out);
    }

    @Test
    void samplingBackEndsAloneNeverSaySafe() {
        Result r = run("check", variant("kernel-today").toString(), "--backend", "fake,fake2");
        assertEquals(0, r.code, r.out + r.err);
        assertEquals("dirtyproof: kernel-today no-lost-write-found expect=safe fake=none-found fake2=none-found",
                line(r, "kernel-today"));
    }

    @Test
    void aSamplerThatMissesAReplayedLostWriteIsAWarningNotADisagreement() {
        FakeBackend.ANSWERS.put("fake/no-flush", FakeBackend.Answer.LOST);
        Result r = run("check", variant("no-flush").toString(), "--backend", "fake,fake2");
        assertEquals(0, r.code, r.out + r.err);
        assertEquals("dirtyproof: no-flush lost-write expect=lost-write fake=lost-write fake2=missed", line(r, "no-flush"));
        assertTrue(r.out.contains("warning: fake2 missed the lost write: 4242 samples"), r.out);
    }

    @Test
    void anInconclusiveBackendExitsThreeNeverZero() {
        FakeBackend.ANSWERS.put("fake/kernel-today", FakeBackend.Answer.INCONCLUSIVE);
        Result r = run("check", variant("kernel-today").toString(), "--backend", "fake");
        assertEquals(3, r.code, r.out);
        assertEquals("dirtyproof: kernel-today inconclusive expect=safe fake=inconclusive", line(r, "kernel-today"));
        assertTrue(r.out.contains("fake tool crashed"), r.out);
    }

    @Test
    void aThrowingBackendIsInconclusive() {
        Result r = run("check", variant("kernel-today").toString(), "--backend", "throwing");
        assertEquals(3, r.code, r.out);
        assertTrue(r.out.contains("the throwing back-end failed: java.lang.IllegalStateException: boom"), r.out);
    }

    @Test
    void aProofAgainstAReplayedLostWriteIsADisagreement() {
        FakeBackend.ANSWERS.put("fake/no-flush", FakeBackend.Answer.PROVED);
        FakeBackend.ANSWERS.put("fake2/no-flush", FakeBackend.Answer.LOST);
        Result r = run("check", variant("no-flush").toString(), "--backend", "fake,fake2");
        assertEquals(4, r.code, r.out);
        assertEquals("dirtyproof: no-flush disagreement expect=lost-write fake=safe fake2=lost-write", line(r, "no-flush"));
        assertTrue(r.out.contains("DISAGREEMENT"), r.out);
    }

    @Test
    void aCounterexampleThatDoesNotReplayIsADisagreement() {
        FakeBackend.ANSWERS.put("fake/kernel-today", FakeBackend.Answer.UNREPLAYED);
        Result r = run("check", variant("kernel-today").toString(), "--backend", "fake");
        assertEquals(4, r.code, r.out);
        assertEquals("dirtyproof: kernel-today disagreement expect=safe fake=not-replayed", line(r, "kernel-today"));
        assertTrue(r.out.contains("NOT replayed in Java"), r.out);
    }

    @Test
    void unavailableBackendIsSaidAndInconclusive() {
        // the jcstress module is kept off this module's test class path (pom.xml)
        Result r = run("check", variant("kernel-today").toString(), "--backend", "jcstress");
        assertEquals(3, r.code, r.out + r.err);
        assertTrue(r.err.contains("back-end jcstress is not available in this build"), r.err);
        assertTrue(r.out.contains("jcstress  INCONCLUSIVE"), r.out);
    }

    @Test
    void quietWhenNotATerminal() {
        Result r = run("check", variant("kernel-today").toString(), "--backend", "fake");
        assertEquals("", r.err, "no progress lines into a pipe or a log");
    }

    @Test
    void checkHelpListsTheExitCodes() {
        Result r = run("check", "--help");
        assertEquals(0, r.code);
        for (String code : List.of("0  every verdict", "1  a verdict differs", "2  bad input", "3  inconclusive",
                "4  disagreement")) {
            assertTrue(r.out.contains(code), code + ": " + r.out);
        }
    }

    @Test
    void endToEndWithTlcTheLostWriteAndItsReproducingCommand(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tlc.json");
        Result r = run("check", variant("no-flush").toString(), "--backend", "tlc", "--json", json.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertEquals("dirtyproof: no-flush lost-write expect=lost-write tlc=lost-write", line(r, "no-flush"));
        // which page TLC's shortest trace loses depends on the catalog bounds; the text and the JSON must agree on it
        java.util.regex.Matcher lost = java.util.regex.Pattern.compile("lost write: page (p\\d+) mem=\\d+ dest=\\d+")
                .matcher(r.out);
        assertTrue(lost.find(), "the counterexample of a single variant is printed: " + r.out);
        JsonNode tlc = new ObjectMapper().readTree(json.toFile()).get("variants").get(0).get("backends").get("tlc");
        assertEquals("UNSAFE", tlc.get("verdict").asText());
        assertTrue(tlc.get("replayed").asBoolean());
        assertTrue(tlc.get("reason").asText().contains("page " + lost.group(1)), tlc.toString());
        assertTrue(tlc.get("explored").get("states").asInt() > 0);
        assertTrue(tlc.get("trace").size() > 3);
        // the counterexample ends with the inline command; run, it gives the same verdict
        String cmd = r.out.lines().filter(l -> l.trim().startsWith("reproduce: ")).findFirst().orElseThrow().trim()
                .substring("reproduce: ".length());
        assertTrue(cmd.startsWith("./dirtyproof check --name no-flush --protocol get-log --harvest "
                + "snapshot-clear,write-protect,copy-to-user"), cmd);
        assertTrue(cmd.endsWith("--expect lost-write --backend tlc"), cmd);
        dirtyproof.variant.Variant v = dirtyproof.variant.VariantLoader.load(variant("no-flush"));
        List<String> args = Reproduce.args(v);
        assertEquals(cmd, "./dirtyproof " + String.join(" ", args.stream().map(Reproduce::quote)
                .collect(Collectors.toList())));
        Result again = run(args.toArray(new String[0]));
        assertEquals(0, again.code, again.out + again.err);
        assertEquals("dirtyproof: no-flush lost-write expect=lost-write tlc=lost-write", line(again, "no-flush"));
    }

    @Test
    void theReproducingCommandUsesKeyForFamilyKeysWithoutAnOption() {
        dirtyproof.variant.Variant v = dirtyproof.variant.VariantLoader.parse("name: x\nprotocol: get-log\n"
                + "harvest: [write-protect, snapshot-clear]\nmmu-lock: []\nbounds: {pages: 1, pages-per-word: 1, vcpus: 1,"
                + " writes: 2, rounds: 1}\n", "t", null);
        String cmd = Reproduce.command(v);
        assertTrue(cmd.contains("--harvest write-protect,snapshot-clear --mmu-lock ''"), cmd);
        assertTrue(cmd.contains("--bounds pages=1,pages-per-word=1,vcpus=1"), cmd);
        assertFalse(cmd.contains("--expect"), cmd);
    }

    @Test
    void noExpectationAndALostWriteExitsOne() {
        FakeBackend.ANSWERS.put("fake/inline", FakeBackend.Answer.LOST);
        Result r = run("check", "--protocol", "get-log", "--harvest", "snapshot-clear,write-protect,copy-to-user",
                "--bounds", "vcpus=1", "--backend", "fake");
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(r.out.contains("counterexample (fake, replayed in Java)"), r.out);
        assertTrue(r.out.contains("reproduce: ./dirtyproof check --name inline --protocol get-log"), r.out);
    }

    @Test
    void reportsHaveTheirShape(@TempDir Path dir) throws Exception {
        FakeBackend.ANSWERS.put("fake/no-flush", FakeBackend.Answer.LOST);
        FakeBackend.ANSWERS.put("fake/kernel-today", FakeBackend.Answer.PROVED);
        FakeBackend.ANSWERS.put("fake/swap-flush-copy", FakeBackend.Answer.INCONCLUSIVE);
        Path json = dir.resolve("out/report.json");
        Path junit = dir.resolve("junit.xml");
        Path report = dir.resolve("report");
        Path md = dir.resolve("md/report.md");
        Path html = dir.resolve("html");
        Path ktap = dir.resolve("results.ktap");
        Result r = run("check", variant("no-flush").toString(), variant("kernel-today").toString(),
                variant("swap-flush-copy").toString(), "--backend", "fake", "--json", json.toString(), "--junit",
                junit.toString(), "--report", report.toString(), "--markdown", md.toString(), "--html", html.toString(),
                "--ktap", ktap.toString());
        assertEquals(3, r.code, r.out + r.err);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode v = root.get("variants").get(0);
        assertEquals("no-flush", v.get("name").asText());
        assertTrue(v.get("file").asText().endsWith("no-flush.yaml"));
        assertEquals("get-log", v.get("protocol").asText());
        assertEquals("lost-write", v.get("expect").asText());
        assertEquals("lost-write", v.get("verdict").asText());
        assertTrue(v.get("reproduce").asText().endsWith("--backend tlc"));
        JsonNode b = v.get("backends").get("fake");
        assertEquals("UNSAFE", b.get("verdict").asText());
        assertTrue(b.get("replayed").asBoolean());
        assertEquals("lost-write", b.get("standing").asText());
        assertEquals(7, b.get("explored").get("samples").asInt());
        assertEquals(0.5, b.get("seconds").asDouble());
        String last = b.get("trace").get(b.get("trace").size() - 1).asText();
        assertTrue(last.startsWith("lost write: page p"), last);
        assertEquals("safe", root.get("variants").get(1).get("verdict").asText());
        assertEquals(3, root.get("exit").asInt());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<testsuite name=\"dirtyproof\" tests=\"3\" failures=\"0\" errors=\"1\""), xml);
        assertTrue(Files.readString(report.resolve("no-flush.txt")).contains(last));

        String m = Files.readString(md);
        assertTrue(m.contains("| variant | protocol | verdict | expect | fake |"), m);
        assertTrue(m.contains("| no-flush | get-log | **lost-write** | lost-write | lost-write |"), m);
        assertTrue(m.contains("```mermaid\nsequenceDiagram\n    participant vcpu0\n    participant harvester\n"), m);
        assertTrue(m.contains("    vcpu0->>vcpu0: 1. guest-write(p"), m);
        assertTrue(m.contains("Note over vcpu0,harvester: lost write: page p"), m);
        assertTrue(m.contains("Reproduce: `./dirtyproof check --name no-flush"), m);

        String page = Files.readString(html.resolve("index.html"));
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), page);
        assertTrue(page.contains(">vcpu0</text>") && page.contains(">harvester</text>"), page);
        assertFalse(page.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|src=|<script|<link).*"),
                "self-contained: nothing fetched");

        String k = Files.readString(ktap);
        assertTrue(k.startsWith("KTAP version 1\n1..3\n"), k);
        assertTrue(k.contains("\nnot ok 1 no-flush\n"), k);
        assertTrue(k.contains("\nok 2 kernel-today\n"), k);
        assertTrue(k.contains("\nok 3 swap-flush-copy # SKIP inconclusive: fake: fake tool crashed\n"), k);
        assertTrue(k.contains("    not ok 1 fake\n"), k);
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
        String today = variant("kernel-today").toString();
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
