package dirtyproof.run;

import dirtyproof.Catalog;
import dirtyproof.getlog.GetLog;
import dirtyproof.model.LostWrite;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every unsafe get-log variant of the catalog loses a write under its race schedule, exactly as the schedule says; the
 * same schedule, replayed as pressure on kernel-today and on every safe variant, loses nothing.
 */
class RaceScheduleTest {

    @Test
    void everyUnsafeCatalogVariantHasARace() {
        List<String> unsafe = Catalog.unsafe().stream().filter(RaceScheduleTest::getLog).map(Variant::name).sorted().collect(Collectors.toList());
        List<String> raced = RaceSchedules.RACES.keySet().stream().sorted().collect(Collectors.toList());
        assertEquals(unsafe, raced, "a race schedule per unsafe catalog variant");
    }

    @TestFactory
    List<DynamicTest> unsafeVariantLosesTheWrite() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : RaceSchedules.RACES.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                RaceSchedules.Race race = e.getValue();
                Run run = ScheduleDriver.run(new GetLog(Catalog.get(e.getKey())), race.schedule(),
                        ScheduleDriver.Mode.STRICT);
                assertEquals(List.of(new LostWrite(race.page(), race.mem(), race.dest())), run.lost(),
                        () -> e.getKey() + ": expected p" + race.page() + " mem=" + race.mem() + " dest=" + race.dest()
                                + "\n" + run.render());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> kernelTodaySurvivesEveryRace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : RaceSchedules.RACES.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                // the races that need a host writer are replayed on kernel-today with its host writer on
                boolean host = e.getValue().schedule().stream().anyMatch(ev -> ev.actor().equals("host"));
                Variant today = Catalog.get("kernel-today").withHostWrites(host);
                assertSurvives(today, e.getKey(), e.getValue());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> safeVariantsSurviveEveryRace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Variant safe : Catalog.safe()) {
            if (!getLog(safe)) {
                continue;
            }
            for (var e : RaceSchedules.RACES.entrySet()) {
                tests.add(DynamicTest.dynamicTest(safe.name() + " under " + e.getKey(),
                        () -> assertSurvives(safe, e.getKey(), e.getValue())));
            }
        }
        return tests;
    }

    private static void assertSurvives(Variant v, String raceName, RaceSchedules.Race race) {
        Run run = ScheduleDriver.run(new GetLog(v), race.schedule(), ScheduleDriver.Mode.RELAXED);
        if (run.lostWrite()) {
            fail(v.name() + " lost a write under the " + raceName + " race:\n" + run.render());
        }
        assertTrue(run.migration().finished());
    }

    /** These races are get-log's; the other families' are in their own tests (e.g. BitmapRaceScheduleTest). */
    private static boolean getLog(Variant v) {
        return v.protocol().equals("get-log");
    }
}
