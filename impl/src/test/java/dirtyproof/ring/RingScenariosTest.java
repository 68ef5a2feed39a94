package dirtyproof.ring;

import dirtyproof.Catalog;
import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import dirtyproof.model.Migration;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring family's own scenarios, run with their threads one after the other (no race): the ones that need no
 * race lose the write of the variant they were written for, and no scenario loses a write on a safe ring variant.
 */
class RingScenariosTest {

    /** Runs the scenario's init, then each thread's operations in turn, then the final round. */
    static boolean loses(Variant v, Scenario s) {
        Migration m = v.family().start(v);
        for (Op op : s.init()) {
            m.perform(op);
        }
        for (List<Op> t : s.threads()) {
            for (Op op : t) {
                m.perform(op);
            }
        }
        ScheduleDriver.complete(m);
        return !m.lostWrites().isEmpty();
    }

    static Scenario named(Variant v, String name) {
        return v.family().scenarios(v).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(v.name() + " has no scenario " + name + ": " + v.family().scenarios(v)));
    }

    @TestFactory
    List<DynamicTest> theRaceFreeScenariosLoseTheirVariantsWrite() {
        Map<String, String> cases = Map.of("ring-async-flush", "write-after-round", "ring-reset-no-flush",
                "write-after-round", "ring-reset-interrupt", "write-after-round", "ring-concurrent-reset",
                "reapers-write", "ring-ignore-soft-limit", "wrap", "ring-collect-skip",
                "vcpu0:w0 > harvester:rounds");
        List<DynamicTest> t = new ArrayList<>();
        for (var e : cases.entrySet()) {
            t.add(DynamicTest.dynamicTest(e.getKey() + " under " + e.getValue(), () -> {
                Variant v = Catalog.get(e.getKey());
                assertTrue(loses(v, named(v, e.getValue())), e.getKey() + " keeps its write under " + e.getValue());
            }));
        }
        return t;
    }

    @TestFactory
    List<DynamicTest> noScenarioLosesAWriteOnASafeRingVariant() {
        List<DynamicTest> t = new ArrayList<>();
        List<Variant> safe = new ArrayList<>(Catalog.safe(RingFamily.ID));
        safe.addAll(Catalog.safe(RingWithBitmapFamily.ID));
        for (Variant v : safe) {
            for (Scenario s : v.family().scenarios(v)) {
                t.add(DynamicTest.dynamicTest(v.name() + " under " + s.name(), () -> assertFalse(loses(v, s),
                        v.name() + " lost a write under " + s)));
            }
            assertTrue(v.expect() == Expect.SAFE);
        }
        return t;
    }
}
