package dirtyproof.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a back-end's tool in a process of its own (TLC, the jcstress jar, a Lincheck JVM) and never waits
 * longer than the back-end's timeout: past it, or when the waiting thread is interrupted, the process and
 * every process it started are killed. The caller turns a timeout into INCONCLUSIVE. Every process is
 * registered with {@link ProcessRegistry} while it runs, so that a signal ending this JVM (SIGINT, SIGTERM)
 * ends the tool's whole process tree too.
 */
public final class Subprocess {

    /** How the process ended: its exit code (meaningless when it timed out) and how long it ran. */
    public record Outcome(int exit, boolean timedOut, double seconds) {
    }

    /** The longest timeout accepted: a day (longer ones overflow nothing, but no back-end needs them). */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private Subprocess() {
    }

    /** The java launcher of the running JVM, for forking JVMs of the same version. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code cmd} in {@code dir}, standard output and error both into {@code output}.
     *
     * @throws InterruptedException after killing the process tree, when the calling thread is interrupted
     */
    public static Outcome run(List<String> cmd, Path dir, Path output, Duration timeout)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = ProcessRegistry.start(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()));
        try {
            long millis = timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toMillis() : Math.max(1, timeout.toMillis());
            if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
                killTree(p);
                return new Outcome(-1, true, (System.nanoTime() - t0) / 1e9);
            }
            return new Outcome(p.exitValue(), false, (System.nanoTime() - t0) / 1e9);
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        } finally {
            ProcessRegistry.release(p);
        }
    }

    /**
     * A process left running (a TLC worker, a server a test talks to): {@link #close} kills it and every process
     * it started, so that try-with-resources never leaves one behind.
     */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final long t0 = System.nanoTime();

        private Running(Process process) {
            this.process = process;
        }

        public Process process() {
            return process;
        }

        /** Waits for it to end by itself, at most {@code timeout}; past it (or interrupted) kills it. */
        public Outcome waitFor(Duration timeout) throws InterruptedException {
            try {
                if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                    killTree(process);
                    return new Outcome(-1, true, (System.nanoTime() - t0) / 1e9);
                }
                return new Outcome(process.exitValue(), false, (System.nanoTime() - t0) / 1e9);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive() || process.descendants().findAny().isPresent()) {
                killTree(process);
            }
        }
    }

    /**
     * Starts {@code cmd} in {@code dir} and returns at once; its standard output and error go into {@code output},
     * or to this process's own when {@code output} is null.
     */
    public static Running start(List<String> cmd, Path dir, Path output) throws IOException {
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        if (output == null) {
            b.inheritIO();
        } else {
            b.redirectOutput(output.toFile());
        }
        return new Running(b.start());
    }

    /** Kills the process and the processes it started (jcstress forks JVMs of its own). */
    public static void killTree(Process p) throws InterruptedException {
        ProcessRegistry.killTree(p);
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
