package dirtyproof.jcstress;

import dirtyproof.Catalog;
import dirtyproof.family.Op;
import dirtyproof.model.Migration;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The races jcstress is given: the windows the catalog's unsafe variants need are among them (each found by
 * JcstressBackendIT on real threads; here, that the generator still offers them), and only a vCPU's thread is
 * repeated.
 */
class RaceScenariosTest {

    private static boolean has(Variant v, String pair, String init, String first, String second) {
        return RaceScenarios.of(v).stream().anyMatch(r -> r.pair().equals(pair)
                && r.scenario().init().toString().equals(init)
                && r.scenario().threads().get(0).toString().equals(first)
                && r.scenario().threads().get(1).toString().equals(second));
    }

    @Test
    void aRingEntryNothingPushedToNamesPageZeroSoAWriteToPageOneIsItsOwnRace() {
        // ring-push-flag-first, ring-collect-no-acquire: userspace reads a stale slot/offset (0) for page 1's push
        for (String n : List.of("ring-push-flag-first", "ring-collect-no-acquire")) {
            assertTrue(has(Catalog.get(n), "vcpu\u00d7harvester", "[]", "[vcpu0:guest-write(p1)]", "[harvester:live-rounds]"),
                    n + ": " + RaceScenarios.of(Catalog.get(n)));
        }
    }

    @Test
    void theFamilysOwnTwoThreadScenariosAreRaced() {
        Variant wrap = Catalog.get("ring-ignore-soft-limit");
        assertTrue(RaceScenarios.of(wrap).stream().anyMatch(r -> r.scenario().name().equals("wrap")));
        Variant reapers = Catalog.get("ring-concurrent-reset");
        assertTrue(RaceScenarios.of(reapers).stream().anyMatch(r -> r.pair().equals("harvester\u00d7reaper1")));
        assertTrue(RaceScenarios.of(reapers).stream().anyMatch(r -> r.pair().equals("vcpu\u00d7reapers")));
    }

    @Test
    void aPreWrittenInitOfTwoStepsIsRaced() {
        // aging-flush-if-changed: p0 written (cached, writable), then access-tracked; the harvest against a store
        assertTrue(has(Catalog.get("aging-flush-if-changed"), "vcpu\u00d7harvester",
                "[vcpu0:guest-write(p0), aging:access-track(p0)]", "[vcpu0:guest-write(p0)]", "[harvester:live-round]"),
                RaceScenarios.of(Catalog.get("aging-flush-if-changed")).toString());
        // load-store-clear-host: p0's bit set, the host's mark of p1 against the harvest's load and store
        assertTrue(has(Catalog.get("load-store-clear-host"), "host\u00d7harvester", "[vcpu0:guest-write(p0)]",
                "[host:host-write(p1)]", "[harvester:live-round]"));
    }

    @Test
    void onlyAVcpusThreadIsRepeated() {
        Variant v = Catalog.get("nonatomic-set-host");
        Migration m = v.family().start(v);
        assertEquals(1, RaceScenarios.burst(m, List.of(Op.hostWrite(1)), 8).size());
        assertEquals(8, RaceScenarios.burst(m, List.of(Op.guestWrite(0, 1)), 8).size());
    }

    @Test
    void theRacesSurviveTheFileTheForkedJvmsRead() {
        for (Variant v : Catalog.unsafe()) {
            List<RaceScenarios.Race> races = RaceScenarios.of(v);
            assertTrue(!races.isEmpty(), v.name());
            assertEquals(RaceScenarios.lines(races), RaceScenarios.lines(RaceScenarios.parse(RaceScenarios.lines(races))));
        }
    }
}
