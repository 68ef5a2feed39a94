package dirtyproof.ring;

import dirtyproof.model.Bounds;
import dirtyproof.variant.Choice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The assignment of every CONSTANT of specs/DirtyRing.tla (the machine's, from DirtyMachine.tla, included) for a
 * ring configuration, as TLA+ expressions. The family's {@link RingFamily#tla} takes the machine's from the
 * variant ({@code TlaModel.machineConstants}) and the ring's from here.
 */
public final class RingTla {

    /** The module TLC checks. */
    public static final String MODULE = "DirtyRing";

    /** The invariant that decides the verdict, after the type invariant. */
    public static final List<String> INVARIANTS = List.of("TypeOK", "NoLostWrite");

    /** The diagnostics (DESIGN.md §2): reported, never a verdict. */
    public static final List<String> DIAGNOSTICS = List.of("RingNeverFull", "ProtectedOrQueued");

    private RingTla() {
    }

    public static Map<String, String> constants(RingConfig c) {
        Bounds b = c.bounds();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("NPages", Integer.toString(b.pages()));
        m.put("PagesPerWord", Integer.toString(b.pagesPerWord()));
        m.put("NVcpus", Integer.toString(b.vcpus()));
        // the ring tells its vCPUs apart (the host writes in vCPU 0's context): numbered, no symmetry set
        m.put("Vcpus", "0.." + (b.vcpus() - 1));
        m.put("NWrites", Integer.toString(b.writes()));
        m.put("NRounds", Integer.toString(b.rounds()));
        m.put("SetOp", quote("atomic"));
        m.put("FaultPath", quote(c.faultPath().id()));
        m.put("FaultOrder", seq(c.faultOrder()));
        m.put("Flush", quote(c.flush().id()));
        m.put("HostWrites", bool(c.hostWrites()));
        // the machine's lock and SPTE keys, at the only values the ring families accept
        m.put("FaultLock", quote("exclusive"));
        m.put("HarvestLock", quote("exclusive"));
        m.put("MmuLockKind", quote("spinlock"));
        m.put("SpteUpdate", quote("atomic"));
        m.put("FlushWhen", quote(c.flushWhen().id()));
        m.put("Aging", bool(false));
        m.put("RingSize", Integer.toString(c.ringSize()));
        m.put("RingReserved", Integer.toString(c.ringReserved()));
        m.put("WithBitmap", bool(c.withBitmap()));
        m.put("Harvest", seq(c.harvest()));
        m.put("PushOrder", seq(c.pushOrder()));
        m.put("CollectOrder", seq(c.collectOrder()));
        m.put("CollectSkip", bool(c.collectSkip()));
        m.put("SoftFullExit", bool(c.softFullExit()));
        m.put("ResetOrder", seq(c.resetOrder()));
        m.put("ResetInterrupt", bool(c.resetInterrupt()));
        m.put("Reapers", Integer.toString(c.reapers()));
        m.put("DeviceSave", bool(c.deviceSave()));
        m.put("BitmapRead", quote(c.withBitmap() ? c.bitmapRead().id() : "never"));
        return m;
    }

    private static String seq(List<? extends Choice> l) {
        return l.stream().map(x -> quote(x.id())).collect(Collectors.joining(", ", "<<", ">>"));
    }

    private static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
