package dirtyproof.ring;

import dirtyproof.Catalog;
import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every unsafe ring and ring-with-bitmap variant of the catalog loses the write its race (RingRaces) says; every
 * safe one, and today's ring at each race's bounds, runs the same schedule as pressure and loses nothing.
 */
class RingRaceTest {

    static List<Variant> ringVariants() {
        return Stream.concat(Catalog.of(RingFamily.ID).stream(), Catalog.of(RingWithBitmapFamily.ID).stream())
                .collect(Collectors.toList());
    }

    @Test
    void everyUnsafeRingVariantHasARace() {
        List<String> unsafe = ringVariants().stream().filter(v -> v.expect() == dirtyproof.variant.Expect.LOST_WRITE)
                .map(Variant::name).sorted().collect(Collectors.toList());
        List<String> raced = RingRaces.RACES.keySet().stream().sorted().collect(Collectors.toList());
        assertEquals(unsafe, raced, "a race schedule per unsafe ring variant");
    }

    @TestFactory
    List<DynamicTest> unsafeRingVariantLosesTheWrite() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : RingRaces.RACES.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                RingRaces.Race race = e.getValue();
                Variant v = Catalog.get(e.getKey());
                Run run = ScheduleDriver.run(v.family().start(v), race.schedule(), ScheduleDriver.Mode.STRICT);
                assertEquals(List.of(new LostWrite(race.page(), race.mem(), race.dest())), run.lost(),
                        () -> e.getKey() + ": expected p" + race.page() + " mem=" + race.mem() + " dest=" + race.dest()
                                + "\n" + run.render());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> safeRingVariantsSurviveEveryRace() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Variant> safe = ringVariants().stream().filter(v -> v.expect() == dirtyproof.variant.Expect.SAFE)
                .collect(Collectors.toList());
        assertTrue(safe.size() >= 2, "the catalog's safe ring variants");
        for (var e : RingRaces.RACES.entrySet()) {
            Variant unsafe = Catalog.get(e.getKey());
            // today's ring (of the race's family) at the race's bounds, and every safe ring variant
            List<Variant> pressure = new ArrayList<>(safe);
            pressure.add(unsafe.family().defaults("today-at-" + unsafe.name()).withBounds(unsafe.bounds()));
            for (Variant v : pressure) {
                tests.add(DynamicTest.dynamicTest(v.name() + " under " + e.getKey(), () -> {
                    Run run = ScheduleDriver.run(v.family().start(v), e.getValue().schedule(),
                            ScheduleDriver.Mode.RELAXED);
                    if (run.lostWrite()) {
                        fail(v.name() + " lost a write under the " + e.getKey() + " race:\n" + run.render());
                    }
                    assertTrue(run.migration().finished());
                }));
            }
        }
        return tests;
    }
}
