package dirtyproof.backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A stand-in for the CLI running a tool, for {@link SignalTest}: makes a run folder the way back-ends do, then
 * runs through {@link Subprocess} a bash that starts a sleeping child and sleeps itself, and waits for it.
 * Writes "BASHPID CHILDPID" to the file given as second argument once both run.
 */
public final class SignalVictim {
    public static void main(String[] args) throws Exception {
        Path base = Paths.get(args[0]);
        Path pids = Paths.get(args[1]);
        Path dir = WorkDirs.create(base, "victim", "signal");
        Files.writeString(dir.resolve("states.bin"), "what a tool writes while it runs");
        Subprocess.Outcome o = Subprocess.run(List.of("bash", "-c", "sleep 300 & echo $$ $! > " + pids + ".tmp && mv "
                + pids + ".tmp " + pids + "; sleep 300; true"), dir, dir.resolve("out"), Duration.ofMinutes(10));
        // as a back-end does when its tool dies: an inconclusive result that names the folder, which keeps it --
        // unless the JVM is ending, when the shutdown hook owns the folder
        Thread.sleep(200);
        WorkDirs.finish(dir, BackendResult.inconclusive("victim", o.seconds(), "the tool exited with " + o.exit()
                + " (run directory: " + dir + ")"), true);
        Thread.sleep(5000);
        System.exit(42);
    }
}
