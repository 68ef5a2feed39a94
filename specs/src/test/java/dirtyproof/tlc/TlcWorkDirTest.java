package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a TLC run leaves behind: nothing when it finished, its files (without states/) when it did not. */
class TlcWorkDirTest {

    private static List<Path> runs(Path work) throws Exception {
        Path tlc = work.resolve("tlc");
        if (!Files.isDirectory(tlc)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tlc)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void aFinishedRunLeavesNoFolder(@TempDir Path tmp) throws Exception {
        BackendResult r = new TlcBackend().check(TlcFailClosedTest.SMALL,
                new BackendOptions(tmp, tmp.resolve("work"), Duration.ofMinutes(2), Map.of("tlc.workers", "1")));
        assertEquals(Verdict.SAFE, r.verdict(), r.reason());
        assertEquals(List.of(), runs(tmp.resolve("work")));
    }

    @Test
    void aTimedOutRunSaysItsSecondsPlainlyAndKeepsTheFilesItNames(@TempDir Path tmp) throws Exception {
        Variant big = dirtyproof.family.Families.get("get-log").defaults("big").withBounds(new Bounds(3, 2, 2, 2, 1));
        BackendResult r = new TlcBackend().check(big,
                new BackendOptions(tmp, tmp.resolve("work"), Duration.ofSeconds(1), Map.of("tlc.workers", "1")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().matches("(?s)TLC did not finish within \\d+\\.\\d s \\(timeout\\).*"), r.reason());
        List<Path> left = runs(tmp.resolve("work"));
        assertEquals(1, left.size(), left.toString());
        assertTrue(r.reason().contains(left.get(0).toString()), "the reason names the folder kept: " + r.reason());
        assertFalse(Files.exists(left.get(0).resolve("states")), "TLC's states are deleted");
    }
}
