package dirtyproof.family;

import dirtyproof.model.Event;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second family plugs in through the seam alone: registered in a services file, loaded from a variant file,
 * driven by ScheduleDriver and by the sampling back-ends' operations, with no change to any of them.
 */
class FamilySeamTest {

    static Variant seen(String extra) {
        return VariantLoader.parse("name: seen\nprotocol: seen-log\n" + extra, "test", null);
    }

    /** seen-log with the fault path marking before it makes the SPTE writable, one page, one write. */
    static Variant markFirst() {
        return seen("fault-order: [mark-dirty, make-writable]\nbounds: {pages: 1, pages-per-word: 1, vcpus: 1,"
                + " writes: 1, rounds: 1}\n");
    }

    /** The race below, as a schedule. */
    static final List<Event> MARK_FIRST_RACE = ScheduleDriver.parse(List.of("vcpu0:guest-write(p0)",
            "vcpu0:mark-dirty(p0)", "harvester:copy-to-user", "harvester:send(p0)", "vcpu0:make-writable(p0)",
            "vcpu0:guest-write(p0)"));

    @Test
    void aFamilyIsFoundByItsServicesFile() {
        assertTrue(Families.find(SeenFamily.ID).isPresent());
        assertTrue(Families.ids().contains("get-log") && Families.ids().contains(SeenFamily.ID));
        assertEquals(SeenFamily.ID, seen("").family().id());
    }

    @Test
    void itsKeysAreItsOwnAndTheSharedOnes() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dirtyproof.variant.VariantException.class,
                () -> seen("harvest: [copy-to-user]\n"));
        assertTrue(e.getMessage().contains("belongs to protocol get-log, not seen-log"), e.getMessage());
        assertEquals("non-atomic", seen("set-op: non-atomic\n").machine().setOp().id());
    }

    /**
     * The race of mark-before-writable, on this family: the page is marked, the harvest takes it, then the
     * fault path makes the SPTE writable and the retried write lands unlogged.
     *
     * <pre>
     *  #  vcpu0                          harvester
     *  1  guest-write(p0) EPT violation
     *  2  mark-dirty(p0) seen=[0]
     *  3                                 copy-to-user seen=[]
     *  4                                 send(p0) dest[p0]=0
     *  5  make-writable(p0) W[p0]=1
     *  6  guest-write(p0) mem[p0]=1
     *  7                                 pause-vcpus, copy-to-user: nothing seen
     * </pre>
     */
    @Test
    void scheduleDriverRunsItAndTheOracleCatchesTheLostWrite() {
        Variant v = markFirst();
        Run run = ScheduleDriver.run(v.family().start(v), MARK_FIRST_RACE, ScheduleDriver.Mode.STRICT);
        assertEquals("[lost write: page p0 mem=1 dest=0]", run.lost().toString(), run.render());
        assertTrue(run.render().contains("seen=[0]"), run.render());
        Run again = ScheduleDriver.replay(v.family().start(v), run.events());
        assertEquals(run.lost(), again.lost());
        assertEquals(run.counterexample(), again.counterexample());
    }

    @Test
    void todaysFaultOrderLosesNothingOnTheSameSchedule() {
        Variant v = seen("bounds: {pages: 1, pages-per-word: 1, vcpus: 1, writes: 1, rounds: 1}\n");
        Run run = ScheduleDriver.run(v.family().start(v), ScheduleDriver.parse(List.of("vcpu0:guest-write(p0)",
                "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "harvester:copy-to-user", "harvester:send(p0)",
                "vcpu0:guest-write(p0)")), ScheduleDriver.Mode.RELAXED);
        assertFalse(run.lostWrite(), run.render());
    }

    @Test
    void theSamplingOperationsDriveIt() {
        Variant v = seen("");
        for (Scenario s : v.family().scenarios(v)) {
            var mig = v.family().start(v);
            for (Op op : s.init()) {
                mig.perform(op);
            }
            for (List<Op> thread : s.threads()) {
                for (Op op : thread) {
                    mig.perform(op);
                }
            }
            ScheduleDriver.complete(mig);
            assertTrue(mig.finished(), s.toString());
            assertTrue(mig.lostWrites().isEmpty(), s + ": " + mig.lostWrites());
        }
    }

    @Test
    void aCounterexampleRoundTripsThroughJson() {
        Variant v = markFirst();
        Run run = ScheduleDriver.run(v.family().start(v), MARK_FIRST_RACE, ScheduleDriver.Mode.STRICT);
        var cx = run.counterexample();
        var back = dirtyproof.model.Counterexample.fromMap(dirtyproof.model.Json.read(dirtyproof.model.Json.write(cx.toMap())));
        assertEquals(cx, back);
        assertEquals(Event.parse("vcpu0:guest-write(p0)"), back.events().get(0));
    }
}
