package dirtyproof.run;

import dirtyproof.Catalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Real threads: kernel-today keeps every write over 10^5 of them; no-flush does not, so the check can fail. */
class MigrationRunnerTest {

    @Test
    void kernelTodayWithTwoVcpusAndAHostWriterLosesNothingIn100kWrites() throws Exception {
        var today = Catalog.get("kernel-today").withHostWrites(true);
        MigrationRunner.Result r = MigrationRunner.run(today, 8, 4, 2, 34_000, 1);
        assertEquals(68_000, r.guestWrites());
        assertEquals(34_000, r.hostWrites());
        assertTrue(r.guestWrites() + r.hostWrites() >= 100_000);
        assertTrue(r.liveRounds() > 1, "the harvester ran live rounds during the writes: " + r.liveRounds());
        System.out.println("kernel-today on real threads: " + r);
        assertTrue(r.lost().isEmpty(), () -> "lost writes on real threads: " + r.lost() + " after " + r.liveRounds()
                + " live rounds");
    }

    @Test
    void noFlushLosesWritesOnRealThreads() throws Exception {
        // stale writable TLB entries are never dropped: writes through them after the first harvest go unlogged.
        // A run needs at least one live round to overlap the writes; on a loaded machine the writers may finish
        // first, so a few seeds are tried.
        StringBuilder runs = new StringBuilder();
        for (int seed = 1; seed <= 10; seed++) {
            MigrationRunner.Result r = MigrationRunner.run(Catalog.get("no-flush"), 8, 4, 2, 20_000, seed);
            if (r.lostWrite()) {
                return;
            }
            runs.append("\n  seed ").append(seed).append(": ").append(r);
        }
        throw new AssertionError("no-flush lost no write in 10 runs on real threads:" + runs);
    }
}
