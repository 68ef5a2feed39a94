package dirtyproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dirtyproof.backend.Subprocess;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dirtyproof.cli.MainTest.catalog;
import static dirtyproof.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile user found (issue 14): each is bad input before anything runs, or a plain message after. */
class HardeningTest {

    @AfterEach
    @org.junit.jupiter.api.BeforeEach
    void reset() {
        FakeBackend.ANSWERS.clear();
        FakeBackend.RUNS.set(0);
    }

    static String today() {
        return catalog().resolve("get-log/kernel-today.yaml").toString();
    }

    /** Exit 2, the message, no back-end run, no verdict printed. */
    static void refused(MainTest.Result r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), "'" + message + "' in: " + r.err());
        assertEquals(0, FakeBackend.RUNS.get(), "no back-end ran: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out(), "no verdict");
    }

    // --- item 2: output paths ------------------------------------------------------------------------

    @Test
    void aFolderGivenAsAReportFileIsRefusedBeforeRunning(@TempDir Path dir) {
        refused(run("check", today(), "--backend", "fake", "--json", dir.toString()),
                "option '--json': " + dir + " is a folder; give a file name");
        refused(run("check", today(), "--backend", "fake", "--junit", dir.toString()),
                "option '--junit': " + dir + " is a folder; give a file name");
    }

    @Test
    void aPathUnderAFileCannotBeCreated(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        refused(run("check", today(), "--backend", "fake", "--json", file.resolve("r.json").toString()),
                "option '--json': " + file.resolve("r.json") + " cannot be created: " + file + " is a file, not a folder");
        refused(run("check", today(), "--backend", "fake", "--report", file.resolve("sub").toString()),
                "cannot be created: " + file + " is a file, not a folder");
    }

    @Test
    void aFileGivenAsTheReportFolderIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        refused(run("check", today(), "--backend", "fake", "--report", file.toString()),
                "option '--report': " + file + " is a file, not a folder");
    }

    @Test
    void twoReportsOnOnePathAreRefused(@TempDir Path dir) {
        Path f = dir.resolve("same");
        refused(run("check", today(), "--backend", "fake", "--json", f.toString(), "--junit", f.toString()),
                "option '--junit': " + f + " is also the path of --json");
    }

    @Test
    void theMarkdownHtmlAndKtapPathsAreCheckedBeforeRunning(@TempDir Path dir) throws Exception {
        refused(run("check", today(), "--backend", "fake", "--markdown", dir.toString()),
                "option '--markdown': " + dir + " is a folder; give a file name (e.g. " + dir.resolve("report.md") + ")");
        refused(run("check", today(), "--backend", "fake", "--ktap", dir.toString()),
                "option '--ktap': " + dir + " is a folder; give a file name");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        refused(run("check", today(), "--backend", "fake", "--html", file.toString()),
                "option '--html': " + file + " is a file, not a folder");
        refused(run("check", today(), "--backend", "fake", "--html", "-"),
                "option '--html': - '-' (standard output) is accepted by --json only");
        refused(run("check", today(), "--backend", "fake", "--markdown", dir.resolve("r").toString(), "--ktap",
                dir.resolve("r").toString()), "is also the path of --markdown");
    }

    @Test
    void onlyJsonMayGoToStandardOutput() {
        refused(run("check", today(), "--backend", "fake", "--junit", "-"),
                "option '--junit': - '-' (standard output) is accepted by --json only");
    }

    @Test
    void aFailedWriteIsExitThreeAndTheOtherReportsAreStillWritten(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path report = dir.resolve("reports");
        FakeBackend.ANSWERS.put("fake/kernel-today", FakeBackend.Answer.PROVED);
        MainTest.Result r = run("check", today(), "--backend", "fake", "--json", json.toString(), "--junit", "/dev/full",
                "--report", report.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("dirtyproof: could not write the --junit report to /dev/full: No space left on device"),
                r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
        assertTrue(r.out().contains("Exit 3."), r.out());
        assertEquals("safe", new ObjectMapper().readTree(json.toFile()).get("variants").get(0).get("verdict").asText());
        assertTrue(Files.isRegularFile(report.resolve("kernel-today.txt")));
    }

    @Test
    void jsonDashWritesTheJsonToStandardOutputAndTheRestToStandardError() throws Exception {
        MainTest.Result r = run("check", today(), "--backend", "fake", "--json", "-");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("kernel-today", root.get("variants").get(0).get("name").asText());
        assertTrue(r.err().contains("1 variant: 1 as expected"), r.err());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }

    // --- items 5 and 6: options ------------------------------------------------------------------------

    @Test
    void unworkableTimeoutsAreRefused() {
        for (String t : List.of("0", "-5", "86401", "9223372036854775807")) {
            refused(run("check", today(), "--backend", "fake", "--timeout", t),
                    "option '--timeout': " + t + " is out of range; give seconds in 1..86400");
        }
    }

    @Test
    void aBoundGivenTwiceIsRefused() {
        refused(run("check", "--protocol", "get-log", "--bounds", "pages=1,pages=64", "--backend", "fake"),
                "option '--bounds': pages is given twice");
    }

    @Test
    void emptyListItemsAreRefused() {
        refused(run("check", "--protocol", "get-log", "--harvest", ",,,", "--backend", "fake"),
                "option '--harvest': ',,,' has an empty item");
        refused(run("check", "--protocol", "get-log", "--harvest", "snapshot-clear,,copy-to-user", "--backend", "fake"),
                "has an empty item");
    }

    @Test
    void boundsPastWhatABackEndCanFinishAreRefused() {
        refused(run("check", "--protocol", "get-log", "--bounds", "writes=1000000", "--backend", "fake"),
                "command line: option '--bounds': writes = 1000000 is out of range; it must be in 0..6");
        refused(run("check", "--protocol", "get-log", "--bounds", "pages=64,vcpus=8", "--backend", "fake"),
                "pages = 64 is out of range; it must be in 1..8");
    }

    @Test
    void aNameTooLongForAFileNameIsRefused() {
        refused(run("check", "--protocol", "get-log", "--name", "a".repeat(300), "--backend", "fake"),
                "command line: option '--name': is 300 characters long; a name is at most 100 characters");
    }

    // --- item 8 ------------------------------------------------------------------------------------------

    @Test
    void helpCheckPrintsTheCheckUsage() {
        MainTest.Result r = run("help", "check");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Usage: dirtyproof check"), r.out());
        assertTrue(r.out().contains("--timeout"), r.out());
    }

    @Test
    void terminalEscapesInASummaryArePrintedHarmless(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("evil.yaml"), "name: evil\nprotocol: get-log\nsummary: \"\\e[2J\\e]0;owned\\a gone\\0 \\u202e\"\n");
        MainTest.Result r = run("variants", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().chars().anyMatch(c -> c == 0x1b || c == 0 || c == 7 || c == 0x202e), r.out());
        assertTrue(r.out().contains("\\x1b[2J\\x1b]0;owned\\x07 gone\\x00 \\u202e"), r.out());
    }

    @Test
    void severalBadFilesAreAllReportedAndNothingIsChecked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nprotocol: get-log\nflush: ~\n");
        Files.writeString(dir.resolve("b.yaml"), "name: b\nprotocol: get-log\n");
        Files.writeString(dir.resolve("c.yaml"), "name: c\nprotocol: get-log\nset-op: null\n");
        MainTest.Result r = run("check", dir.toString(), "--backend", "fake");
        refused(r, "dirtyproof: " + dir.resolve("a.yaml") + ": key 'flush': has no value; valid choices: sync, async");
        assertTrue(r.err().contains("dirtyproof: " + dir.resolve("c.yaml") + ": key 'set-op': has no value"), r.err());
        assertTrue(r.err().contains("2 problems; nothing was checked"), r.err());
    }

    @Test
    void theSameFileTwiceIsCheckedOnce() {
        MainTest.Result r = run("check", today(), catalog().resolve("get-log").resolve(".").resolve("kernel-today.yaml").toString(),
                "--backend", "fake");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 variant: 1 as expected"), r.out());
    }

    @Test
    void aLostWriteWithoutExpectIsNotCalledADifferenceFromAnExpectation(@TempDir Path dir) throws Exception {
        FakeBackend.ANSWERS.put("fake/inline", FakeBackend.Answer.LOST);
        Path junit = dir.resolve("j.xml");
        Path report = dir.resolve("rep");
        MainTest.Result r = run("check", "--protocol", "get-log", "--harvest", "snapshot-clear,write-protect,copy-to-user",
                "--backend", "fake", "--junit", junit.toString(), "--report", report.toString());
        assertEquals(1, r.code(), "a write lost where nothing was expected is still exit 1: " + r.out());
        assertTrue(r.out().contains("LOST WRITE (no expect given)"), r.out());
        assertFalse(r.out().contains("DIFFERS FROM EXPECTATION"), r.out());
        String xml = Files.readString(junit);
        assertFalse(xml.contains("expected safe"), xml);
        assertTrue(xml.contains("UNSAFE: a lost write (the variant states no expect)"), xml);
        // --report: the variant as real YAML that reads back, without expect: null
        String text = Files.readString(report.resolve("inline.txt"));
        assertFalse(text.contains("expect: null") || text.contains("{pages="), text);
        String yaml = text.substring(text.indexOf("# the variant\n"), text.indexOf("\n== "));
        Variant back = VariantLoader.parse(yaml, "report", null);
        assertEquals(2, back.bounds().pages());
        assertEquals(null, back.expect());
        assertEquals(List.of("snapshot-clear", "write-protect", "copy-to-user"), back.keys().get("harvest"));
    }

    // --- item 1, end to end: a real signal to the CLI while TLC runs -----------------------------------

    @Test
    void sigintToTheCliEndsTlcAndRemovesItsWorkFolder(@TempDir Path home) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
                "SIGINT is ignored by this test's process (a background job): the CLI's JVM would inherit that");
        Process cli = new ProcessBuilder(Subprocess.java(), "-Ddirtyproof.home=" + home, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "check", "--protocol", "get-log", "--name",
                "s", "--bounds", "pages=3", "--backend", "tlc", "--timeout", "300")
                .redirectErrorStream(true).redirectOutput(home.resolve("cli.out").toFile()).start();
        ProcessHandle tlc = null;
        try {
            for (int i = 0; i < 600 && tlc == null; i++) {
                tlc = cli.descendants().filter(h -> h.info().arguments().map(a -> List.of(a).contains("tlc2.TLC"))
                        .orElse(false)).findFirst().orElse(null);
                Thread.sleep(50);
            }
            assertTrue(tlc != null, "TLC started: " + Files.readString(home.resolve("cli.out")));
            Path runs = home.resolve("target/dirtyproof-work/tlc");
            assertEquals(1, Files.list(runs).count(), "TLC's run folder exists while it runs");
            Thread.sleep(1000);
            assertTrue(tlc.isAlive(), "TLC still runs when the signal comes");
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor());
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(130, cli.exitValue(), Files.readString(home.resolve("cli.out")));
            for (int i = 0; i < 100 && tlc.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertFalse(tlc.isAlive(), "TLC (pid " + tlc.pid() + ") outlived the CLI");
            assertEquals(0, Files.list(runs).count(), "no run folder left behind");
        } finally {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
            if (tlc != null) {
                tlc.destroyForcibly();
            }
        }
    }

    /** This JVM was started with SIGINT ignored (/proc/self/status SigIgn, bit 2): its children inherit that. */
    static boolean sigintIgnored() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }
}
