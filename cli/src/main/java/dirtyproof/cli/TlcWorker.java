package dirtyproof.cli;

import dirtyproof.backend.Subprocess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code dirtyproof tlc-worker HOST}: one of TLC's own distributed workers ({@code tlc2.tool.distributed.TLCWorker},
 * from the same tla2tools jar) for the server that {@code dirtyproof check --tlc-distributed N} started on HOST.
 * It takes the spec from the server, explores states until the server is done, and exits. The CLI does not
 * compile against a back-end: the worker is started by class name from this JVM's class path, which holds the
 * tla2tools jar (the same command as the TLC back-end's {@code Tlc.workerCommand}).
 */
@Command(name = "tlc-worker", mixinStandardHelpOptions = true,
        description = {"Explore states for the distributed TLC server that 'dirtyproof check --backend tlc"
                + " --tlc-distributed N' runs on HOST; exits when the server is done.",
            "Exit codes: the worker's own (0 when the server dismissed it), 3 when it did not end within --timeout."})
final class TlcWorker implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "HOST", description = "the machine the server runs on (name or address)")
    String host;

    /** TLC's default port of the server's RMI registry (tlc2.tool.distributed.TLCServer.Port). */
    static final int DEFAULT_PORT = 10997;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "the server's RMI registry port, as given to --tlc-port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: one per core)")
    Integer threads;

    @Option(names = "--hostname", paramLabel = "ADDR", defaultValue = "",
            description = "this machine's address as the server reaches it back (java.rmi.server.hostname)")
    String hostname;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "86400",
            description = "stop waiting for the server after this long (default: ${DEFAULT-VALUE})")
    long timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || port < 1 || port > 65535) {
            throw new Main.BadInput(n < 1 ? "option '--threads': " + n + " is not a number of threads; at least 1"
                    : "option '--port': " + port + " is not a port; 1..65535");
        }
        Path tmp = Files.createTempDirectory("dirtyproof-tlc-worker-");
        spec.commandLine().getErr().println("dirtyproof: TLC worker (" + n + " thread" + (n == 1 ? "" : "s")
                + ") for the server on " + host + ":" + port);
        spec.commandLine().getErr().flush();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Subprocess.java(), "-XX:+UseParallelGC",
                "-Djava.io.tmpdir=" + tmp.toAbsolutePath(), "-Dtlc2.tool.distributed.TLCServer.port=" + port,
                "-Dtlc2.tool.distributed.TLCWorker.threadCount=" + n));
        if (!hostname.isBlank()) {
            cmd.add("-Djava.rmi.server.hostname=" + hostname);
        }
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "tlc2.tool.distributed.TLCWorker", host));
        try (Subprocess.Running w = Subprocess.start(cmd, tmp, null)) {
            Subprocess.Outcome o = w.waitFor(Duration.ofSeconds(timeout));
            if (o.timedOut()) {
                spec.commandLine().getErr().println("dirtyproof: the worker did not end within " + timeout
                        + " s; stopped");
                return 3;
            }
            return o.exit();
        } finally {
            dirtyproof.backend.ProcessRegistry.deleteTree(tmp);
        }
    }
}
