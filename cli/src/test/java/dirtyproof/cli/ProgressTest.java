package dirtyproof.cli;

import dirtyproof.check.VariantResult;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line: variant, back-end and elapsed time when on; nothing at all when off. */
class ProgressTest {

    static final Variant V = VariantLoader.parse("name: kernel-today\nprotocol: get-log\n", "test", null);

    @Test
    void onATerminalItShowsTheVariantTheBackEndAndTheTimeThenErasesItself() {
        StringWriter s = new StringWriter();
        List<VariantResult> printed = new ArrayList<>();
        try (Progress p = new Progress(new PrintWriter(s), true, 2, printed::add)) {
            p.starting(V, "tlc");
            p.starting(V, "lincheck");
            p.done(new VariantResult(V, Map.of()));
        }
        String out = s.toString();
        assertTrue(out.contains("\rdirtyproof: [1/2] kernel-today: tlc 0 s"), out);
        assertTrue(out.contains("\rdirtyproof: [1/2] kernel-today: lincheck 0 s"), out);
        assertTrue(out.endsWith("\r"), "erased before the results are printed: " + out);
        assertEquals(1, printed.size());
    }

    @Test
    void aBatchSaysHowManyVariantsRunTogether() {
        StringWriter s = new StringWriter();
        Variant w = VariantLoader.parse("name: no-flush\nprotocol: get-log\n", "test", null);
        try (Progress p = new Progress(new PrintWriter(s), true, 2, r -> { })) {
            p.starting(V, "jcstress");
            p.batch(List.of(V, w), "jcstress");
        }
        assertTrue(s.toString().contains("[1/2] kernel-today: jcstress (2 variants in one run: kernel-today to no-flush) 0 s"),
                s.toString());
    }

    @Test
    void offItWritesNothing() {
        StringWriter s = new StringWriter();
        List<VariantResult> printed = new ArrayList<>();
        try (Progress p = new Progress(new PrintWriter(s), false, 1, printed::add)) {
            p.starting(V, "tlc");
            p.done(new VariantResult(V, Map.of()));
        }
        assertEquals("", s.toString());
        assertEquals(1, printed.size());
    }
}
