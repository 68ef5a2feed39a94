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

    /**
     * The forked JVM's temporary files (Lincheck's agent bootstrap jar, which a JVM ending with Runtime.halt never
     * deletes) are written in the run directory, so that they go with it: kept here to look inside.
     * protect-before-clear's lost write needs a race, so Lincheck's model checker (and its agent) runs.
     */
    @Test
    void theChildsTemporaryFilesAreInTheRunFolder(@TempDir Path tmp) throws Exception {
        Path home = Paths.get("..").toAbsolutePath().normalize();
        BackendResult r = new LincheckBackend().check(VariantLoader.load(home.resolve(
                "variants/get-log/protect-before-clear.yaml")),
                new BackendOptions(home, tmp, Duration.ofMinutes(3), Map.of("lincheck.keep", "true")));
        assertEquals(Verdict.UNSAFE, r.verdict(), r.reason());
        try (Stream<Path> s = Files.walk(tmp)) {
            List<String> jars = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lincheck-bootstrap"))
                    .collect(Collectors.toList());
            assertEquals(1, jars.size(), "Lincheck's bootstrap jar in the kept run folder under " + tmp + ": " + jars + "; "
                    + r.reason());
        }
    }
}
