package dirtyproof.backend;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The folders back-ends run their tools in, and the rule for what is left of them afterwards: a run's
 * folder is deleted when the run is over unless the result points at it (an INCONCLUSIVE reason saying
 * "TLC's files: ...", "Output: ..."), or a keep knob asks for it; and it is deleted by the shutdown hook
 * of {@link ProcessRegistry} when the JVM ends while the run is going on (Ctrl-C, SIGTERM).
 *
 * <p>Where they go: {@link #defaultBase} is {@code <home>/target/dirtyproof-work} when that can be written
 * and its path has no whitespace (jcstress splits its JVM options at spaces), else a folder of the user's
 * own under {@code java.io.tmpdir}: a checkout owned by another user, or one in a folder with a space in its
 * name, still works.
 */
public final class WorkDirs {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private WorkDirs() {
    }

    /** Where back-ends put their run folders for a checkout at {@code home}. */
    public static Path defaultBase(Path home) {
        Path inCheckout = home.resolve("target").resolve("dirtyproof-work").toAbsolutePath().normalize();
        return usable(inCheckout) ? inCheckout : userTmp();
    }

    /** {@code base} if a tool can use it (writable, no whitespace in the path), else {@link #userTmp}. */
    public static Path usableOrTmp(Path base) {
        Path b = base.toAbsolutePath().normalize();
        return usable(b) ? b : userTmp();
    }

    /** java.io.tmpdir/dirtyproof-USER: the user's own work folder when the checkout's cannot be used. */
    public static Path userTmp() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir"), "dirtyproof-" + user, "work").toAbsolutePath().normalize();
    }

    static boolean usable(Path p) {
        if (p.toString().chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        // the nearest existing ancestor decides whether the folder can be made and written
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q)) {
                return Files.isDirectory(q) && Files.isWritable(q) && Files.isExecutable(q);
            }
        }
        return false;
    }

    /**
     * A fresh folder {@code <base>/<tool>/<variant>-<time>-<pid>-<n>}, registered with the shutdown hook until
     * {@link #finish} is called.
     */
    public static Path create(Path base, String tool, String variant) throws IOException {
        Path parent = base.toAbsolutePath().normalize().resolve(tool);
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        while (true) {
            Path d = parent.resolve(variant + "-" + stamp + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
            try {
                ProcessRegistry.registerDir(d);
                Files.createDirectory(d);
                return d;
            } catch (FileAlreadyExistsException e) {
                ProcessRegistry.releaseDir(d);
            } catch (IOException e) {
                ProcessRegistry.releaseDir(d);
                throw e;
            }
        }
    }

    /**
     * The run in {@code dir} is over with {@code result}: deletes the folder unless {@code keep} or the
     * result names it (its reason or counterexample mentions the folder's path), and unregisters it.
     * Returns the result unchanged.
     */
    public static BackendResult finish(Path dir, BackendResult result, boolean keep) {
        // while the JVM shuts down (a signal), the run was cut short: the folder goes, whatever the result says
        if (!ProcessRegistry.releaseDir(dir) || (!keep && !pointsAt(result, dir))) {
            ProcessRegistry.deleteTree(dir);
        }
        return result;
    }

    /**
     * One run in {@code dir} answered for several variants (jcstress's batch): the folder is kept if {@code keep}
     * or any of the results names it, else deleted; unregistered either way. Returns the results unchanged.
     */
    public static java.util.List<BackendResult> finishAll(Path dir, java.util.List<BackendResult> results, boolean keep) {
        BackendResult named = null;
        for (BackendResult r : results) {
            if (pointsAt(r, dir)) {
                named = r;
                break;
            }
        }
        finish(dir, named, keep);
        return results;
    }

    /** The run in {@code dir} failed with an exception: nothing points at the folder, delete it. */
    public static void abandon(Path dir) {
        ProcessRegistry.releaseDir(dir);
        ProcessRegistry.deleteTree(dir);
    }

    static boolean pointsAt(BackendResult r, Path dir) {
        if (r == null) {
            return false;
        }
        String d = dir.toAbsolutePath().normalize().toString();
        return r.reason().contains(d) || r.columns().contains(d);
    }
}
