package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnostic invariant LoggedOrProtected of DirtyLog.tla ("once the ioctl returned, every page is dirty in
 * the bitmap, or write-protected and in no TLB, or has a write in flight") where it holds, and where it does
 * not. It explains verdicts; it never decides one. Checked at one vCPU with two writes (seconds, not minutes).
 */
class LoggedOrProtectedTest {

    @ParameterizedTest(name = "{0}: LoggedOrProtected holds = {1}")
    @CsvSource({
            "kernel-today, true",
            "swap-flush-copy, true",
            "copy-first-after-snapshot, true",
            "protect-before-clear-locked, true",
            "load-store-clear-locked, true",
            "locked-mark-before-writable, true",
            "no-flush, false",
            "async-flush, false",
            "flush-before-protect, false",
    })
    void diagnostic(String name, boolean holds) {
        Variant v = VariantLoader.load(TlcCatalogTest.variantsDir().resolve("get-log/" + name + ".yaml"))
                .withBounds(new Bounds(2, 2, 1, 2, 1));
        BackendOptions o = TlcCatalogTest.options().withExtra(Map.of("tlc.invariants", "TypeOK,LoggedOrProtected"))
                .withTimeout(Duration.ofMinutes(2));
        BackendResult r = new TlcBackend().check(v, o);
        if (holds) {
            assertEquals(Verdict.SAFE, r.verdict(), r.reason());
        } else {
            assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
            assertTrue(r.reason().contains("LoggedOrProtected is violated"), r.reason());
        }
    }
}
