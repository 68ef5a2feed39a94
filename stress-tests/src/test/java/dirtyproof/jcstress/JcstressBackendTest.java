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
    void batchesHoldUpToEightVariantsAndOneWithASelectorOfTheUsersOwn() {
        JcstressBackend b = new JcstressBackend();
        assertEquals(8, b.batchSize(options(tmp, Map.of())));
        assertEquals(3, b.batchSize(options(tmp, Map.of(JcstressBackend.BATCH, "3"))));
        assertEquals(1, b.batchSize(options(tmp, Map.of(JcstressBackend.TEST, "ProtocolRace"))));
        assertEquals(0, b.batchSize(options(tmp, Map.of(JcstressBackend.BATCH, "9"))));
        assertEquals("dirtyproof.variant", VariantHolder.property(VariantHolder.PROPERTY, 0), "ProtocolRace's slot");
        assertEquals("dirtyproof.jcstress.races.7", VariantHolder.property(VariantHolder.RACES, 7));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VariantHolder.property(VariantHolder.PROPERTY, 8));
        assertEquals(Duration.ofMinutes(30), JcstressBackend.budget(Duration.ofMinutes(10), 3));
        assertEquals(dirtyproof.backend.Subprocess.MAX_TIMEOUT, JcstressBackend.budget(Duration.ofDays(365 * 1000), 8));
    }

    @Test
    void aBatchAnswersEveryVariantInOrderBeforeItForksAnything() {
        Variant k = dirtyproof.family.Families.get("get-log").defaults("k");
        Variant other = new Variant("other-x", "no-such-protocol", "", dirtyproof.variant.MachineConfig.TODAY,
                dirtyproof.model.Bounds.DEFAULT, Map::of, null, null);
        java.util.List<BackendResult> r = new JcstressBackend().checkAll(java.util.List.of(k, other, k),
                options(tmp, Map.of()));
        assertEquals(3, r.size());
        // no jar in this home: the variants that could run say how to build it, the unimplemented one says why not
        assertTrue(r.get(0).reason().contains("mvn") && r.get(2).reason().contains("mvn"), r.toString());
        assertTrue(r.get(1).reason().contains("unknown protocol 'no-such-protocol'"), r.get(1).reason());
        r.forEach(x -> assertEquals(Verdict.INCONCLUSIVE, x.verdict()));
        java.util.List<BackendResult> bad = new JcstressBackend().checkAll(java.util.List.of(k, k),
                options(tmp, Map.of(JcstressBackend.BATCH, "0")));
        assertEquals(2, bad.size());
        bad.forEach(x -> assertTrue(x.reason().contains("jcstress.batch = '0'"), x.reason()));
    }

    @Test
    void modesMapToJcstressOptions() {
        assertEquals("-m sanity", String.join(" ", JcstressBackend.modeArgs("sanity")));
        assertEquals("-m quick -iters 1 -time 1000 -sc false -fsm 0 -pth false", String.join(" ", JcstressBackend.modeArgs("short")));
    }
}
