package dirtyproof.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubprocessTest {

    @Test
    void exitCodeAndOutput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Subprocess.Outcome o = Subprocess.run(List.of("bash", "-c", "echo hello; echo oops >&2; exit 12"), dir, out,
                Duration.ofSeconds(30));
        assertFalse(o.timedOut());
        assertEquals(12, o.exit());
        assertEquals("hello\noops\n", Files.readString(out));
    }

    @Test
    void aTimeoutKillsTheProcessAndWhatItStarted(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        Subprocess.Outcome o = Subprocess.run(List.of("bash", "-c",
                "sleep 300 & echo $! > " + pids + "; sleep 300"), dir, dir.resolve("out"), Duration.ofMillis(500));
        assertTrue(o.timedOut());
        long child = Long.parseLong(Files.readString(pids).trim());
        for (int i = 0; i < 100 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the grandchild is killed too");
    }
}
