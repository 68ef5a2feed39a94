package dirtyproof.jcstress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bitmap-word tests on the shaded jar: each of the four runs, the atomic primitives never show their
 * forbidden outcome (a wiped bit, a vanished mark). Whether the non-atomic ones showed their INTERESTING outcome
 * within this short run is printed, not asserted: it depends on the machine (see BENCHMARKS.md).
 */
class BitmapWordIT {

    private static final Path HOME = Paths.get(System.getProperty("dirtyproof.home", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Paths.get(System.getProperty("jcstress.it.workdir", "target/jcstress-it"))
            .toAbsolutePath();
    private static final String PKG = "dirtyproof.jcstress.bitmap.";

    @Test
    void atomicPrimitivesNeverLoseABitAndEveryTestRuns() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(WORK.resolve("bitmap-word"));
        Path out = dir.resolve("jcstress.out");
        List<String> cmd = new ArrayList<>(List.of(dirtyproof.backend.Subprocess.java(),
                "-jar", HOME.resolve(JcstressBackend.JAR).toString(), "-t", "dirtyproof\\.jcstress\\.bitmap\\..*", "-v"));
        // the short mode's settings with 300 ms iterations: millions of samples for these one-step actors
        cmd.addAll(List.of("-m", "quick", "-iters", "1", "-time", "300", "-sc", "false", "-fsm", "0", "-pth", "false"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jcstress finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "no forbidden outcome, no error: see " + out);
        for (String t : List.of("BitmapWord_01_NonAtomicSetBit", "BitmapWord_02_AtomicSetBit",
                "BitmapWord_03_LoadStoreClear", "BitmapWord_04_XchgClear")) {
            JcstressReport r = JcstressReport.parse(text, PKG + t);
            assertTrue(r.category() == JcstressReport.Category.PASSED
                    || r.category() == JcstressReport.Category.INTERESTING, t + " ran: " + r.category());
            assertTrue(r.samples() > 0, t + " sampled");
            assertEquals(0, r.forbidden(), t + ": " + r.rows());
            long interesting = r.rows().stream().filter(row -> row.expect().equals("Interesting"))
                    .mapToLong(JcstressReport.Row::samples).sum();
            System.out.println(t + ": " + r.samples() + " samples, " + interesting + " interesting");
        }
    }
}
