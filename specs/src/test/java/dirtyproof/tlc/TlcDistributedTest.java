package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Subprocess;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLC's own distributed mode on 127.0.0.1: the back-end's TLCServer for a variant and two TLCWorker processes
 * started as {@code dirtyproof tlc-worker} starts them explore exactly the states a local run does. Bounded: the
 * server's timeout, the test's, and every process killed at the end.
 */
class TlcDistributedTest {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aServerAndTwoWorkersFindTheDistinctStatesOfTheLocalRun() throws Exception {
        Variant v = VariantLoader.load(TlcCatalogTest.variantsDir().resolve("get-log").resolve("kernel-today.yaml"))
                .withBounds(new Bounds(1, 1, 2, 2, 1, Map.of()));
        TlcBackend b = new TlcBackend();
        BackendResult local = b.check(v, TlcCatalogTest.deterministic());
        assertEquals(Verdict.SAFE, local.verdict(), local.reason());

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("tlc.distributed", "2");
        extra.put("tlc.port", String.valueOf(port));
        extra.put("tlc.host", "127.0.0.1");
        BackendOptions o = TlcCatalogTest.options().withTimeout(Duration.ofSeconds(150)).withExtra(extra);
        CompletableFuture<BackendResult> server = CompletableFuture.supplyAsync(() -> b.check(v, o));
        Path work = TlcCatalogTest.specsDir().toAbsolutePath().resolve("target").resolve("tlc-distributed-test");
        dirtyproof.backend.ProcessRegistry.deleteTree(work);
        Files.createDirectories(work);
        try (Subprocess.Running w1 = worker(work, port, 1); Subprocess.Running w2 = worker(work, port, 2)) {
            BackendResult r = server.get(200, TimeUnit.SECONDS);
            assertEquals(Verdict.SAFE, r.verdict(), r.reason());
            assertEquals(local.explored().get("states"), r.explored().get("states"),
                    "distributed and local TLC explore different numbers of distinct states: " + r.reason());
            assertTrue(r.reason().contains("2 TLC worker threads registered"), r.reason());
            // the server dismissed both workers when it was done
            assertEquals(0, w1.waitFor(Duration.ofSeconds(30)).exit(), "worker 1 did not end by itself");
            assertEquals(0, w2.waitFor(Duration.ofSeconds(30)).exit(), "worker 2 did not end by itself");
        } finally {
            server.cancel(true);
        }
    }

    private static Subprocess.Running worker(Path work, int port, int k) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("worker-" + k));
        return Subprocess.start(Tlc.workerCommand("127.0.0.1", port, 1, "127.0.0.1", tmp), tmp,
                work.resolve("worker-" + k + ".out"));
    }
}
