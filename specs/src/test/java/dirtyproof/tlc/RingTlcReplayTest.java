package dirtyproof.tlc;

import dirtyproof.model.Bounds;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.ring.Ring;
import dirtyproof.ring.RingConfig;
import dirtyproof.ring.RingConfig.BitmapRead;
import dirtyproof.ring.RingConfig.CollectStep;
import dirtyproof.ring.RingConfig.HarvestStep;
import dirtyproof.ring.RingConfig.PushStore;
import dirtyproof.ring.RingConfig.ResetStep;
import dirtyproof.ring.RingTla;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FlushMode;
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
 * specs/DirtyRing.tla against the Java ring ({@link Ring}), before the ring families reach the TLC back-end through
 * the family seam: for each ring configuration of the catalog, TLC (one worker) must give the expected verdict,
 * and every counterexample must replay step by step in Java with every variable of the spec equal to
 * {@link Ring#observe()} after every step, losing the same write.
 */
class RingTlcReplayTest {

    record Case(String name, boolean withBitmap, Bounds bounds, int ringSize, int reserved, boolean unsafe,
                Consumer<RingConfig.Builder> change) {
    }

    static final Bounds A = new Bounds(2, 2, 1, 2, 1);
    static final Bounds S = new Bounds(3, 2, 1, 3, 1);

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        l.add(new Case("ring-kernel-today", false, A, 4, 1, false, b -> { }));
        l.add(new Case("ring-send-before-reset", false, A, 4, 1, true, b -> b.harvest = List.of(HarvestStep.COLLECT,
                HarvestStep.SEND, HarvestStep.RESET_RINGS, HarvestStep.FLUSH_TLB)));
        l.add(new Case("ring-reset-no-flush", false, A, 4, 1, true, b -> b.harvest = List.of(HarvestStep.COLLECT,
                HarvestStep.RESET_RINGS, HarvestStep.SEND)));
        l.add(new Case("ring-ignore-soft-limit", false, S, 2, 1, true, b -> b.softFullExit = false));
        l.add(new Case("ring-push-flag-first", false, A, 4, 1, true, b -> b.pushOrder = List.of(PushStore.FLAG,
                PushStore.FIELDS)));
        l.add(new Case("ring-collect-no-acquire", false, A, 4, 1, true, b -> b.collectOrder = List.of(
                CollectStep.READ_GFN, CollectStep.LOAD_FLAG, CollectStep.MARK_RESET)));
        l.add(new Case("ring-reset-interrupt", false, A, 4, 1, true, b -> b.resetInterrupt = true));
        l.add(new Case("ring-concurrent-reset", false, A, 4, 1, true, b -> b.reapers = 2));
        l.add(new Case("ring-bitmap-today", true, A, 4, 1, false, b -> { }));
        l.add(new Case("ring-bitmap-before-device-save", true, A, 4, 1, true,
                b -> b.bitmapRead = BitmapRead.BEFORE_DEVICE_SAVE));
        l.add(new Case("ring-vcpuless-write", false, A, 4, 1, true, b -> b.deviceSave = true));
        l.add(new Case("ring-collect-skip", false, A, 4, 1, true, b -> b.collectSkip = true));
        l.add(new Case("ring-reset-protect-first", false, A, 4, 1, false, b -> b.resetOrder = List.of(
                ResetStep.WRITE_PROTECT, ResetStep.INVALIDATE)));
        l.add(new Case("ring-premature-reset", false, A, 4, 1, false, b -> b.collectOrder = List.of(
                CollectStep.LOAD_FLAG, CollectStep.MARK_RESET, CollectStep.READ_GFN)));
        l.add(new Case("ring-async-flush", false, A, 4, 1, true, b -> b.flush = FlushMode.ASYNC));
        l.add(new Case("ring-bitmap-never-read", true, A, 4, 1, true, b -> b.bitmapRead = BitmapRead.NEVER));
        l.add(new Case("ring-locked-fault", false, A, 4, 1, false, b -> b.faultPath = FaultPath.LOCKED));
        l.add(new Case("ring-host-writes", false, A, 4, 1, false, b -> b.hostWrites = true));
        l.add(new Case("ring-host-writes-no-flush", false, A, 4, 1, true, b -> {
            b.hostWrites = true;
            b.harvest = List.of(HarvestStep.COLLECT, HarvestStep.RESET_RINGS, HarvestStep.SEND);
        }));
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

    static void check(Case c) throws Exception {
        RingConfig cfg = RingConfig.today(c.withBitmap(), c.bounds(), c.ringSize(), c.reserved()).with(c.change()).build();
        Path dir = Files.createTempDirectory("ringtlc-" + c.name());
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
