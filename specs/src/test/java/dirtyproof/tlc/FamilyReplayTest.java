package dirtyproof.tlc;

import dirtyproof.model.Event;
import dirtyproof.model.Migration;
import dirtyproof.run.Run;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLC replay machinery (reading a trace, comparing every state with the Java migration's variables,
 * replaying the steps) works for a family it has never heard of: impl's test family seen-log, whose trace is
 * written here in TLC's -tool format from a Java run of it, as a spec of that family would print it.
 */
class FamilyReplayTest {

    static final Variant SEEN = VariantLoader.parse("name: seen\nprotocol: seen-log\nfault-order: [mark-dirty,"
            + " make-writable]\nbounds: {pages: 1, pages-per-word: 1, vcpus: 1, writes: 1, rounds: 1}\n", "test", null);

    static final List<String> STEPS = List.of("vcpu0:guest-write(p0)", "vcpu0:mark-dirty(p0)", "harvester:copy-to-user",
            "harvester:send(p0)", "vcpu0:make-writable(p0)", "vcpu0:guest-write(p0)");

    /** TLC's -tool output for the states a Java run of the steps goes through; {@code tamper} edits one. */
    static String tlcOutput(Variant v, List<Event> events, int tamperState) {
        Migration mig = v.family().start(v);
        StringBuilder sb = new StringBuilder();
        state(sb, 1, "<Initial predicate>", mig.observe(), null, tamperState == 1);
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            assertTrue(mig.take(e), e.toString());
            state(sb, k + 2, "<" + TlcTrace.actionOf(e) + " line 1, col 1 to line 2, col 2 of module SeenLog>",
                    mig.observe(), e, tamperState == k + 2);
        }
        return sb.toString();
    }

    private static void state(StringBuilder sb, int n, String action, Map<String, Object> vars, Event e, boolean tamper) {
        sb.append("@!@!@STARTMSG 2217:4 @!@!@\n").append(n).append(": ").append(action).append('\n');
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            Object value = tamper && v.getKey().equals("mem") ? Map.of(0L, 99L) : v.getValue();
            sb.append("/\\ ").append(v.getKey()).append(" = ").append(tla(value)).append('\n');
        }
        sb.append("/\\ lastStep = ").append(e == null ? "[actor |-> \"init\", step |-> \"init\", arg |-> -1]"
                : "[actor |-> \"" + e.actor() + "\", step |-> \"" + e.step().id() + "\", arg |-> " + e.arg() + "]")
                .append('\n');
        sb.append("@!@!@ENDMSG 2217 @!@!@\n");
    }

    /** A Java value as TLC prints it. */
    static String tla(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v ? "TRUE" : "FALSE";
        }
        if (v instanceof String) {
            return "\"" + v + "\"";
        }
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            return m.isEmpty() ? "<<>>" : m.entrySet().stream().map(e -> e.getKey() + " :> " + tla(e.getValue()))
                    .collect(Collectors.joining(" @@ ", "(", ")"));
        }
        if (v instanceof Collection) {
            return ((Collection<?>) v).stream().map(FamilyReplayTest::tla).collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }

    @Test
    void aTraceOfANewFamilyReplaysStepByStepAndLosesTheSameWrite() {
        List<Event> events = ScheduleDriver.parse(STEPS);
        Run java = ScheduleDriver.run(SEEN.family().start(SEEN), events, ScheduleDriver.Mode.STRICT);
        TlcTrace trace = TlcTrace.of(TlcOutput.parse(tlcOutput(SEEN, java.events(), -1)).trace());
        assertEquals(java.events(), trace.events());
        assertNull(TlcBackend.replayStepwise(SEEN, trace));
        assertEquals(java.lost(), trace.lostWrites());
        assertEquals("[lost write: page p0 mem=1 dest=0]", trace.lostWrites().toString());
    }

    @Test
    void aStateThatDiffersIsFoundAtItsStep() {
        List<Event> events = ScheduleDriver.run(SEEN.family().start(SEEN), ScheduleDriver.parse(STEPS),
                ScheduleDriver.Mode.STRICT).events();
        TlcTrace trace = TlcTrace.of(TlcOutput.parse(tlcOutput(SEEN, events, 4)).trace());
        String d = TlcBackend.replayStepwise(SEEN, trace);
        assertTrue(d != null && d.contains("after TLC step 3") && d.contains("mem[0]: TLC 99, Java 0"), d);
    }
}
