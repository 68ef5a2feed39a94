package dirtyproof.ring;

import dirtyproof.model.LostWrite;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every unsafe ring variant loses the write its race says, under its own configuration; today's ring (with the
 * variant's bounds and the actors the race needs) runs the same schedule as pressure and loses nothing.
 */
class RingRaceTest {

    @TestFactory
    List<DynamicTest> unsafeRingVariantLosesTheWrite() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : RingRaces.RACES.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                RingRaces.Race race = e.getValue();
                Run run = ScheduleDriver.run(new Ring(race.config()), race.schedule(), ScheduleDriver.Mode.STRICT);
                assertEquals(List.of(new LostWrite(race.page(), race.mem(), race.dest())), run.lost(),
                        () -> e.getKey() + ": expected p" + race.page() + " mem=" + race.mem() + " dest=" + race.dest()
                                + "\n" + run.render());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> todaysRingSurvivesEveryRace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : RingRaces.RACES.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                RingConfig v = e.getValue().config();
                // today's protocol (one reaper: a second one is the concurrent-reset variant) with the race's
                // bounds and bitmap; entries of an actor today does not have are skipped
                RingConfig today = RingConfig.today(v.withBitmap(), v.bounds(), v.ringSize(), v.ringReserved()).build();
                Run run = ScheduleDriver.run(new Ring(today), e.getValue().schedule(), ScheduleDriver.Mode.RELAXED);
                if (run.lostWrite()) {
                    fail("today's ring lost a write under the " + e.getKey() + " race:\n" + run.render());
                }
                assertTrue(run.migration().finished());
            }));
        }
        return tests;
    }
}
