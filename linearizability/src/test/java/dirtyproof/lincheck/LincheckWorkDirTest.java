package dirtyproof.lincheck;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Lincheck run whose lost write replays in Java is over when it is reported: nothing is left of its folder. */
class LincheckWorkDirTest {

    @Test
    void aReplayedLostWriteLeavesNoRunFolder(@TempDir Path tmp) throws Exception {
        Path home = Paths.get("..").toAbsolutePath().normalize();
        BackendResult r = new LincheckBackend().check(VariantLoader.load(home.resolve("variants/get-log/no-flush.yaml")),
                new BackendOptions(home, tmp, Duration.ofMinutes(3), Map.of()));
        assertEquals(Verdict.UNSAFE, r.verdict(), r.reason());
        try (Stream<Path> s = Files.list(tmp.resolve("lincheck"))) {
            List<Path> left = s.collect(Collectors.toList());
            assertEquals(List.of(), left, r.reason());
        }
    }
}
