package dirtyproof.jcstress;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the back-end decides before it forks anything. */
class JcstressBackendTest {

    @TempDir
    Path tmp;

    private BackendOptions options(Path home, Map<String, String> extra) {
        return new BackendOptions(home, tmp.resolve("work"), Duration.ofMinutes(1), extra);
    }

    @Test
    void aMissingJarIsInconclusiveAndSaysHowToBuildIt() {
        BackendResult r = new JcstressBackend().check(dirtyproof.family.Families.get("get-log").defaults("k"), options(tmp, Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("mvn") && r.reason().contains("stress-tests"), r.reason());
    }

    @Test
    void aProtocolWithoutImplementationIsInconclusive() {
        // every protocol the loader knows is modelled: a variant of a protocol with no family, built by hand
        Variant other = new Variant("other-x", "no-such-protocol", "", dirtyproof.variant.MachineConfig.TODAY,
                dirtyproof.model.Bounds.DEFAULT, Map::of, null, null);
        BackendResult r = new JcstressBackend().check(other, options(tmp, Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("unknown protocol 'no-such-protocol'"), r.reason());
    }

    @Test
    void anUnknownModeIsInconclusiveAndListsTheModes() {
        BackendResult r = new JcstressBackend().check(dirtyproof.family.Families.get("get-log").defaults("k"),
                options(tmp, Map.of(JcstressBackend.MODE, "fast")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertTrue(r.reason().contains("short, sanity, quick, default"), r.reason());
    }

    @Test
    void modesMapToJcstressOptions() {
        assertEquals("-m sanity", String.join(" ", JcstressBackend.modeArgs("sanity")));
        assertEquals("-m quick -iters 1 -time 1000 -sc false -fsm 0 -pth false", String.join(" ", JcstressBackend.modeArgs("short")));
    }
}
