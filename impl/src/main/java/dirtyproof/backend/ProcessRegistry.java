package dirtyproof.backend;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every tool process a back-end started (TLC, the jcstress JVM and the JVMs it forks, the Lincheck JVM)
 * and every work folder a back-end is using, for as long as they are live, so that nothing outlives the
 * JVM that started it.
 *
 * <p>A JVM shutdown hook, installed with the first registration, runs when the JVM ends for any reason
 * other than a hard kill: {@code System.exit}, the end of {@code main}, SIGINT (Ctrl-C, exit 130), SIGTERM
 * (a supervisor, an IDE's stop button, {@code kill PID}: exit 143) or SIGHUP. It refuses any new process,
 * kills every live process tree ({@link #killTree}), waits for them to end and then deletes the work
 * folders still registered: those of runs that did not finish, which no report points at. SIGKILL cannot
 * be caught by any process; after {@code kill -9} the tools are left behind.
 *
 * <p>{@link Subprocess#run} registers its process; back-ends register their run folders through
 * {@link WorkDirs}.
 */
public final class ProcessRegistry {

    private static final Object LOCK = new Object();
    private static final Set<Process> LIVE = new LinkedHashSet<>();
    private static final Set<Path> DIRS = new LinkedHashSet<>();
    private static boolean hooked;
    private static boolean shuttingDown;

    private ProcessRegistry() {
    }

    /** Thrown instead of starting a process once the JVM is shutting down. */
    public static final class ShuttingDown extends IOException {
        ShuttingDown() {
            super("the JVM is shutting down (interrupted by a signal?): no new tool process is started");
        }
    }

    /**
     * Starts the process and registers it, atomically with respect to the shutdown hook: a process is either
     * refused or registered, never started and missed.
     */
    public static Process start(ProcessBuilder pb) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new ShuttingDown();
            }
            hook();
            Process p = pb.start();
            LIVE.add(p);
            return p;
        }
    }

    /** The process has ended (or was killed by its caller): no longer the hook's business. */
    public static void release(Process p) {
        synchronized (LOCK) {
            LIVE.remove(p);
        }
    }

    /** A folder to delete if the JVM ends while it is registered. */
    public static void registerDir(Path dir) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new ShuttingDown();
            }
            hook();
            DIRS.add(dir.toAbsolutePath().normalize());
        }
    }

    /**
     * The folder's run is over: its owner keeps or deletes it. Returns false when the JVM is shutting down
     * and the folder is the shutdown hook's to delete.
     */
    public static boolean releaseDir(Path dir) {
        synchronized (LOCK) {
            DIRS.remove(dir.toAbsolutePath().normalize());
            return !shuttingDown;
        }
    }

    /** Live processes, for tests. */
    static int liveCount() {
        synchronized (LOCK) {
            LIVE.removeIf(p -> !p.isAlive());
            return LIVE.size();
        }
    }

    private static void hook() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::shutdown, "dirtyproof-cleanup"));
        }
    }

    /** The shutdown hook: no new process, kill every live tree, then delete the registered folders. */
    static void shutdown() {
        List<Process> procs;
        List<Path> dirs;
        synchronized (LOCK) {
            shuttingDown = true;
            procs = new ArrayList<>(LIVE);
            LIVE.clear();
            // taken now, not after the kill: a back-end whose tool the kill ends may still finish its run (an
            // inconclusive result naming the folder would keep it), but the folder of a cut-short run goes
            dirs = new ArrayList<>(DIRS);
            DIRS.clear();
        }
        for (Process p : procs) {
            killTree(p);
        }
        for (Path d : dirs) {
            deleteTree(d);
        }
    }

    /**
     * Kills the process and every process it started (jcstress forks JVMs of its own; bash starts sleep):
     * the descendants are listed first, while they are still descendants (a killed parent's children are
     * handed to init and can no longer be found from it), then the parent is killed so that it forks no
     * more, then the descendants; and this is repeated until the tree is empty. Waits at most 10 s for them
     * to end.
     */
    public static void killTree(Process p) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        List<ProcessHandle> round = Stream.concat(Stream.of(p.toHandle()), p.descendants()).collect(Collectors.toList());
        for (int i = 0; i < 5 && !round.isEmpty(); i++) {
            all.addAll(round);
            List<ProcessHandle> next = new ArrayList<>();
            for (ProcessHandle h : round) {
                // the children of each member of the tree, listed before that member dies
                h.descendants().filter(d -> !all.contains(d)).forEach(next::add);
                h.destroyForcibly();
            }
            round = next;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // gone already, or not ours to wait for: nothing more to do
            }
        }
    }

    /**
     * Deletes a folder and everything in it, best effort (what cannot be deleted stays). Another thread may be
     * deleting part of the same tree at the same time (a back-end removing TLC's metadir while the shutdown hook
     * removes the whole run folder): an entry that vanished under the walk is skipped, not the end of the walk,
     * and the walk is repeated while the root is still there and the last pass deleted something.
     */
    public static void deleteTree(Path root) {
        for (int pass = 0; pass < 5 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); pass++) {
            boolean[] progress = {false};
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                        delete(f, progress);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) {
                        delete(d, progress);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException | RuntimeException e) {
                // best effort: try again while there is progress
            }
            if (!progress[0]) {
                return;
            }
        }
    }

    private static void delete(Path f, boolean[] progress) {
        try {
            if (Files.deleteIfExists(f)) {
                progress[0] = true;
            }
        } catch (IOException e) {
            // a folder another thread is still filling, or not ours to delete: the next pass, or nobody
        }
    }
}
