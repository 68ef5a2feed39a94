package dirtyproof.bitmaps;

import dirtyproof.Catalog;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every unsafe variant of variants/clear-log, variants/srcu-swap and variants/switch-log loses exactly the write
 * its race schedule says; the same schedules, replayed as pressure on the family's safe variants, lose nothing
 * (the host writer's races only on safe variants that have a host writer).
 */
class BitmapRaceScheduleTest {

    private static final Map<String, Map<String, BitmapRaces.Race>> RACES = Map.of(
            "clear-log", BitmapRaces.CLEAR_LOG, "srcu-swap", BitmapRaces.SRCU_SWAP, "switch-log", BitmapRaces.SWITCH_LOG);

    static List<Variant> family(String id) {
        return VariantLoader.load(List.of(Catalog.folder().resolve(id)));
    }

    @Test
    void everyUnsafeVariantHasARace() {
        for (var f : RACES.entrySet()) {
            List<String> unsafe = family(f.getKey()).stream().filter(v -> v.expect() == Expect.LOST_WRITE)
                    .map(Variant::name).sorted().collect(Collectors.toList());
            List<String> raced = f.getValue().keySet().stream().sorted().collect(Collectors.toList());
            assertEquals(unsafe, raced, "a race schedule per unsafe " + f.getKey() + " variant");
        }
    }

    @TestFactory
    List<DynamicTest> unsafeVariantLosesTheWrite() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var f : RACES.entrySet()) {
            List<Variant> catalog = family(f.getKey());
            for (var e : f.getValue().entrySet()) {
                tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                    Variant v = catalog.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
                    BitmapRaces.Race race = e.getValue();
                    Run run = ScheduleDriver.run(v.family().start(v), race.schedule(), ScheduleDriver.Mode.STRICT);
                    assertEquals(List.of(new LostWrite(race.page(), race.mem(), race.dest())), run.lost(),
                            () -> e.getKey() + ": expected p" + race.page() + " mem=" + race.mem() + " dest="
                                    + race.dest() + "\n" + run.render());
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> safeVariantsSurviveEveryRaceOfTheirFamily() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var f : RACES.entrySet()) {
            for (Variant safe : family(f.getKey())) {
                if (safe.expect() != Expect.SAFE) {
                    continue;
                }
                for (var e : f.getValue().entrySet()) {
                    // a race of the host writer against a vCPU is the bug of a variant with host writes and
                    // __set_bit; a safe variant without host writes has no host to replay it with
                    boolean host = e.getValue().schedule().stream().anyMatch(ev -> ev.actor().equals("host"));
                    if (host && !safe.machine().hostWrites()) {
                        continue;
                    }
                    Variant v = safe;
                    tests.add(DynamicTest.dynamicTest(safe.name() + " under " + e.getKey(), () -> {
                        Run run = ScheduleDriver.run(v.family().start(v), e.getValue().schedule(),
                                ScheduleDriver.Mode.RELAXED);
                        if (run.lostWrite()) {
                            fail(v.name() + " lost a write under the " + e.getKey() + " race:\n" + run.render());
                        }
                        assertTrue(run.migration().finished());
                    }));
                }
            }
        }
        return tests;
    }
}
