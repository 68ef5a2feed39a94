package dirtyproof.tlc;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * TLC on every variant of variants/clear-log, variants/srcu-swap and variants/switch-log (ClearLog.tla,
 * SrcuSwap.tla, SwitchLog.tla), one worker: the expected verdict, the distinct states, depth and trace length
 * of specs/manifest.tsv, and every counterexample replayed in the Java implementation to the same lost write
 * (the back-end has already compared TLC's state with the Java one after every step).
 */
class BitmapFamiliesTlcTest {

    @TestFactory
    List<DynamicTest> everyVariantOfTheThreeBitmapFamilies() throws IOException {
        Manifest manifest = Manifest.read(TlcCatalogTest.specsDir().resolve(Manifest.FILE));
        List<DynamicTest> tests = new ArrayList<>();
        for (String family : List.of("clear-log", "srcu-swap", "switch-log")) {
            List<Variant> catalog = VariantLoader.load(List.of(TlcCatalogTest.variantsDir().resolve(family)));
            assertFalse(catalog.isEmpty(), "no variant in variants/" + family);
            for (Variant v : catalog) {
                assertEquals(family, v.protocol(), v.file() + " is in variants/" + family);
                tests.add(DynamicTest.dynamicTest(v.name(), () -> check(v, manifest)));
            }
        }
        return tests;
    }

    private static void check(Variant v, Manifest manifest) {
        assertNotNull(v.expect(), v.name() + " states no expected verdict");
        BackendResult r = new TlcBackend().check(v, TlcCatalogTest.deterministic());
        assertEquals(v.expect() == Expect.SAFE ? Verdict.SAFE : Verdict.UNSAFE, r.verdict(), v.name() + ": " + r.reason());
        Manifest.Entry e = manifest.get(v);
        if (e == null) {
            fail(v.name() + " " + v.bounds() + " is not in specs/" + Manifest.FILE + "; add the line\n" + Manifest.line(v, r));
        }
        String update = "; if the spec change is intended, update specs/" + Manifest.FILE + " to\n" + Manifest.line(v, r);
        assertEquals(e.states(), r.explored().getOrDefault("states", -1).longValue(), v.name() + ": distinct states" + update);
        assertEquals(e.depth(), r.explored().getOrDefault("depth", -1).longValue(), v.name() + ": depth" + update);
        assertEquals(e.traceSteps(), Manifest.steps(r), v.name() + ": counterexample steps" + update);
        if (r.verdict() == Verdict.UNSAFE) {
            TlcCatalogTest.replaysToTheSameLostWrite(v, r);
        }
    }
}
