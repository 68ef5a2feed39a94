package dirtyproof.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real signal to a real JVM running a tool through {@link Subprocess}: the JVM ends with the shell's code
 * for the signal, and neither the tool nor the process the tool started survives it, nor the run folder.
 */
class SignalTest {

    @ParameterizedTest(name = "SIG{0} ends the tool tree and exits {1}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalToTheJvmEndsEveryChildProcessTree(String signal, int expectedExit, @TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(ignored(signal), "SIG" + signal + " is ignored by this test's own"
                + " process (a background job of a non-interactive shell): a child JVM inherits that and rightly ignores it");
        Path base = tmp.resolve("work");
        Path pids = tmp.resolve("pids");
        Process victim = new ProcessBuilder(Subprocess.java(), "-cp", System.getProperty("java.class.path"),
                SignalVictim.class.getName(), base.toString(), pids.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("victim.out").toFile()).start();
        List<Long> tree = new ArrayList<>();
        try {
            for (int i = 0; i < 600 && !Files.exists(pids); i++) {
                assertTrue(victim.isAlive(), "the victim JVM died early: " + read(tmp.resolve("victim.out")));
                Thread.sleep(50);
            }
            assertTrue(Files.exists(pids), "the victim's tool never started");
            for (String s : Files.readString(pids).trim().split("\\s+")) {
                tree.add(Long.parseLong(s));
            }
            assertEquals(2, tree.size());
            tree.forEach(pid -> assertTrue(alive(pid), "pid " + pid + " runs before the signal"));
            // and whatever else the JVM has below it (bash's foreground sleep)
            victim.descendants().map(ProcessHandle::pid).filter(pid -> !tree.contains(pid)).forEach(tree::add);
            assertTrue(tree.size() >= 3, "bash, its child and its foreground sleep: " + tree);
            assertTrue(folders(base).count() == 1, "one run folder while the tool runs");

            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(victim.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(victim.waitFor(60, TimeUnit.SECONDS), "the JVM ends on SIG" + signal);
            assertEquals(expectedExit, victim.exitValue(), read(tmp.resolve("victim.out")));
            for (long pid : tree) {
                for (int i = 0; i < 100 && alive(pid); i++) {
                    Thread.sleep(50);
                }
                assertFalse(alive(pid), "pid " + pid + " (the tool or its child) outlived the JVM");
            }
            assertEquals(0, folders(base).count(), "the run folder of the killed run is deleted");
        } finally {
            victim.destroyForcibly();
            for (long pid : tree) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * Whether this JVM was started with the signal ignored (/proc/self/status SigIgn): its children inherit that,
     * and a JVM keeps an inherited SIG_IGN for SIGINT, SIGTERM and SIGHUP (as nohup and background jobs expect).
     */
    static boolean ignored(String signal) throws IOException {
        int n = signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : 1;
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (n - 1))) != 0;
            }
        }
        return false;
    }

    /** Alive and not a zombie (an orphan killed in a container whose init does not reap stays a zombie). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc", String.valueOf(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException e) {
            return false;
        }
    }

    private static Stream<Path> folders(Path base) throws IOException {
        Path d = base.resolve("victim");
        return Files.isDirectory(d) ? Files.list(d) : Stream.empty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
