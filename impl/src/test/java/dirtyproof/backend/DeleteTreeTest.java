package dirtyproof.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link ProcessRegistry#deleteTree} while another thread deletes part of the same tree: what a SIGINT during a TLC
 * run does (the shutdown hook removes the run folder while the back-end's thread removes TLC's metadir in it). A
 * walk that gave up at the first entry that vanished under it left the whole run folder behind (CI, 2026-12-01:
 * HardeningTest's "no run folder left behind").
 */
class DeleteTreeTest {

    @Test
    void aTreeAnotherThreadIsDeletingPartOfStillGoesEntirely(@TempDir Path tmp) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path run = tmp.resolve("run" + round);
            Path meta = run.resolve("states");
            for (int d = 0; d < 20; d++) {
                Path sub = Files.createDirectories(meta.resolve("d" + d));
                for (int f = 0; f < 20; f++) {
                    Files.writeString(sub.resolve("f" + f), "x");
                }
            }
            Files.writeString(run.resolve("tlc.out"), "out");
            CountDownLatch go = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                ProcessRegistry.deleteTree(meta);
            });
            other.start();
            go.countDown();
            ProcessRegistry.deleteTree(run);
            other.join();
            assertFalse(Files.exists(run), "round " + round + ": the run folder is left behind");
        }
    }
}
