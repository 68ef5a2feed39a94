package dirtyproof.tlc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TLC's value syntax, as it prints trace states. */
class TlaValueTest {

    @Test
    void scalars() {
        assertEquals(-1L, TlaValue.parse("-1"));
        assertEquals(1000L, TlaValue.parse(" 1000 "));
        assertEquals(Boolean.TRUE, TlaValue.parse("TRUE"));
        assertEquals("snapshot-clear.load", TlaValue.parse("\"snapshot-clear.load\""));
        assertEquals("a\"b", TlaValue.parse("\"a\\\"b\""));
        assertEquals(new TlaValue.ModelValue("vcpu0"), TlaValue.parse("vcpu0"));
    }

    @Test
    void functionsRecordsSequencesSets() {
        assertEquals(Map.of(0L, 2L, 1L, 0L), TlaValue.parse("(0 :> 2 @@ 1 :> 0)"));
        assertEquals(Map.of(0L, Set.of()), TlaValue.parse("(0 :> {})"));
        assertEquals(Map.of(0L, Set.of(0L, 1L), 1L, Set.of()), TlaValue.parse("(0 :> {0, 1} @@\n 1 :> {})"));
        assertEquals(Map.of("step", "flush-tlb", "arg", -1L, "actor", "harvester"),
                TlaValue.parse("[step |-> \"flush-tlb\", arg |-> -1, actor |-> \"harvester\"]"));
        assertEquals(List.of("a", List.of(1L, 2L)), TlaValue.parse("<<\"a\", <<1, 2>>>>"));
        assertEquals(List.of(), TlaValue.parse("<< >>"));
        assertEquals(Map.of(1L, "x"), TlaValue.fn(TlaValue.parse("<<\"x\">>")));
        assertEquals(Map.of(0L, Map.of("a", Boolean.FALSE)), TlaValue.parse("(0 :> [a |-> FALSE])"));
    }

    @Test
    void garbageIsAnError() {
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("(0 :> 1 @@"));
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("[a |-> 1"));
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("1 2"));
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse(""));
    }

    @Test
    void traceStatesAreReadFromToolOutput() {
        String out = "@!@!@STARTMSG 2217:4 @!@!@\n1: <Initial predicate>\n/\\ mem = (0 :> 0)\n/\\ lastStep = [actor |-> \"init\",\n  step |-> \"init\", arg |-> -1]\n@!@!@ENDMSG 2217 @!@!@\n"
                + "@!@!@STARTMSG 2217:4 @!@!@\n2: <guest_write line 1, col 1 to line 2, col 2 of module DirtyLog>\n/\\ mem = (0 :> 1)\n/\\ lastStep = [actor |-> \"vcpu0\", step |-> \"guest-write\", arg |-> 0]\n@!@!@ENDMSG 2217 @!@!@\n";
        List<TlcOutput.TraceState> t = TlcOutput.parse(out).trace();
        assertEquals(2, t.size());
        assertEquals("[actor |-> \"init\", step |-> \"init\", arg |-> -1]", t.get(0).vars().get("lastStep"));
        TlcTrace trace = TlcTrace.of(t);
        assertEquals("vcpu0:guest-write(p0)", trace.events().get(0).toString());
    }
}
