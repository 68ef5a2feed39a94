package dirtyproof.tlc;

import dirtyproof.model.Bounds;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.ring.Ring;
import dirtyproof.ring.RingConfig;
import dirtyproof.ring.RingConfig.HarvestStep;
import dirtyproof.ring.RingTla;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * specs/DirtyRing.tla against the Java ring ({@link Ring}) for ring configurations outside the catalog: TLC (one
 * worker) must give the expected verdict, and every counterexample must replay step by step in Java with every
 * variable of the spec equal to {@link Ring#observe()} after every step, losing the same write.
 */
class RingTlcReplayTest {

    record Case(String name, boolean withBitmap, Bounds bounds, int ringSize, int reserved, boolean unsafe,
                Consumer<RingConfig.Builder> change) {
    }


    /**
     * The catalog's ring variants are checked by TlcCatalogTest through the TLC back-end; these are the
     * configurations the catalog has no variant for: the host writing in vCPU 0's context (its pushes go to
     * ring 0, host_push_fields/host_push_flag), with today's reset and without the flush.
     */
    static List<Case> cases() {
        Bounds oneWrite = new Bounds(2, 2, 1, 1, 1);
        List<Case> l = new ArrayList<>();
        l.add(new Case("ring-host-writes", false, oneWrite, 4, 1, false, b -> b.hostWrites = true));
        l.add(new Case("ring-host-writes-no-flush", false, oneWrite, 4, 1, true, b -> {
            b.hostWrites = true;
            b.harvest = List.of(HarvestStep.COLLECT, HarvestStep.RESET_RINGS, HarvestStep.SEND);
        }));
        l.add(new Case("ring-bitmap-host-writes", true, oneWrite, 4, 1, false, b -> b.hostWrites = true));
        return l;
    }

    @TestFactory
    List<DynamicTest> everyRingCaseAgreesWithTlc() {
        List<DynamicTest> t = new ArrayList<>();
        for (Case c : cases()) {
            t.add(DynamicTest.dynamicTest(c.name(), () -> check(c)));
        }
        return t;
    }

    static Path specDir() {
        for (Path p : List.of(Paths.get(""), Paths.get("specs"))) {
            if (Files.exists(p.resolve("DirtyRing.tla"))) {
                return p;
            }
        }
        throw new IllegalStateException("DirtyRing.tla not found from " + Paths.get("").toAbsolutePath());
    }

    /**
     * Checks the case in its own folder under {@code target/ringtlc} (it was java.io.tmpdir, and every build left
     * three folders there), deleted when the case passes and kept, for a look, when it fails.
     */
    static void check(Case c) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Paths.get("target", "ringtlc")), c.name() + "-");
        check(c, dir);
        dirtyproof.backend.ProcessRegistry.deleteTree(dir);
    }

    static void check(Case c, Path dir) throws Exception {
        RingConfig cfg = RingConfig.today(c.withBitmap(), c.bounds(), c.ringSize(), c.reserved()).with(c.change()).build();
        Path spec = specDir();
        Files.copy(spec.resolve("DirtyRing.tla"), dir.resolve("DirtyRing.tla"));
        Files.copy(spec.resolve("DirtyMachine.tla"), dir.resolve("DirtyMachine.tla"));
        StringBuilder mc = new StringBuilder("---- MODULE MC ----\nEXTENDS DirtyRing\n");
        StringBuilder cf = new StringBuilder("CONSTANTS\n");
        for (Map.Entry<String, String> e : RingTla.constants(cfg).entrySet()) {
            mc.append("const_").append(e.getKey()).append(" == ").append(e.getValue()).append('\n');
            cf.append("  ").append(e.getKey()).append(" <- const_").append(e.getKey()).append('\n');
        }
        mc.append("====\n");
        cf.append("INIT Init\nNEXT Next\nVIEW view\nINVARIANT TypeOK\nINVARIANT NoLostWrite\n");
        Files.writeString(dir.resolve("MC.tla"), mc, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("MC.cfg"), cf, StandardCharsets.UTF_8);
        Tlc.Result r = Tlc.run(dir, "MC", "1", Duration.ofSeconds(300));
        TlcOutput out = TlcOutput.parse(r.output());
        System.out.printf("%s: exit %d, %d distinct states, depth %d, %.1f s%n", c.name(), r.exitCode(),
                out.distinctStates(), out.depth(), r.seconds());
        if (!c.unsafe()) {
            assertEquals(0, r.exitCode(), c.name() + ": TLC did not finish clean:\n" + out.errors());
            assertTrue(out.has(TlcOutput.SUCCESS), c.name() + ": no success message");
            return;
        }
        assertEquals(TlcOutput.EXIT_VIOLATION, r.exitCode(), c.name() + ": expected a NoLostWrite violation:\n" + out.errors());
        assertTrue(out.errors().contains("NoLostWrite"), c.name() + ": the violated invariant is not NoLostWrite: " + out.errors());
        TlcTrace trace = TlcTrace.of(out.trace());
        Ring ring = new Ring(cfg);
        compare(c, trace.states().get(0), ring.observe(), "the initial state");
        List<Event> events = trace.events();
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            if (!ring.take(e)) {
                fail(c.name() + ": TLC step " + (k + 1) + " " + e + " is not enabled in Java; enabled: " + ring.enabled()
                        + "\n" + ring + "\ntrace: " + events);
            }
            compare(c, trace.states().get(k + 1), ring.observe(), "after step " + (k + 1) + " " + e);
        }
        assertTrue(ring.finished(), c.name() + ": the Java migration is not finished at the trace's end: " + ring);
        List<LostWrite> lost = ring.lostWrites();
        assertEquals(trace.lostWrites(), lost, c.name() + ": Java loses other writes than TLC");
        System.out.println("  " + events + "\n  lost " + lost);
    }

    static void compare(Case c, Map<String, Object> tla, Map<String, Object> java, String where) {
        for (Map.Entry<String, Object> e : java.entrySet()) {
            Object t = tla.get(e.getKey());
            if (t == null) {
                fail(c.name() + ": TLC's state has no variable " + e.getKey());
            }
            if (!Objects.equals(t, e.getValue())) {
                fail(c.name() + " " + where + ": " + e.getKey() + " is " + t + " in TLC, " + e.getValue() + " in Java");
            }
        }
        for (String k : tla.keySet()) {
            if (!k.equals("lastStep") && !java.containsKey(k)) {
                fail(c.name() + ": Java's observe() has no variable " + k);
            }
        }
    }
}
