package dirtyproof.ring;

import dirtyproof.family.Family;
import dirtyproof.family.FamilyConfig;
import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import dirtyproof.family.Scenarios;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Bounds;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.FlushWhen;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ring: the dirty ring, KVM_CAP_DIRTY_LOG_RING (2020; _ACQ_REL), with userspace collecting each vCPU's ring and
 * calling KVM_RESET_DIRTY_RINGS as QEMU does (docs/families/ring.md). {@link RingWithBitmapFamily} is the same
 * protocol with the backup bitmap. Both run on specs/DirtyRing.tla and the Java {@link Ring}.
 */
public class RingFamily implements Family {

    public static final String ID = "ring";

    /** The ring's bounds beyond the machine's: entries per ring (a power of two) and entries above the soft limit. */
    public static final Bounds.Extra RING_SIZE = new Bounds.Extra("ring-size", 2, 16, 4);
    public static final Bounds.Extra RING_RESERVED = new Bounds.Extra("ring-reserved", 0, 15, 1);

    /** The smallest bounds at which every unsafe catalog variant of the family fails but one (docs/families/ring.md). */
    public static final Bounds DEFAULT_BOUNDS = new Bounds(2, 2, 1, 2, 1,
            Map.of(RING_SIZE.key(), RING_SIZE.dflt(), RING_RESERVED.key(), RING_RESERVED.dflt()));

    private final boolean withBitmap;

    public RingFamily() {
        this(false);
    }

    protected RingFamily(boolean withBitmap) {
        this.withBitmap = withBitmap;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "the dirty ring (KVM_CAP_DIRTY_LOG_RING, KVM_RESET_DIRTY_RINGS)";
    }

    @Override
    public List<String> keys() {
        if (!withBitmap) {
            return RingKeys.KEYS;
        }
        List<String> k = new ArrayList<>(RingKeys.KEYS);
        k.addAll(RingKeys.BITMAP_KEYS);
        return k;
    }

    /**
     * The machine's keys in the ring's era: today's, with flush-when bits-consumed -- kvm_vm_ioctl_reset_dirty_pages
     * flushes only if (cleared).
     */
    @Override
    public MachineConfig machineDefaults() {
        MachineConfig t = MachineConfig.TODAY;
        return new MachineConfig(t.setOp(), t.faultPath(), t.faultOrder(), t.faultLock(), t.harvestLock(),
                t.mmuLockKind(), t.spteUpdate(), t.flush(), FlushWhen.BITS_CONSUMED, t.aging(), t.hostWrites());
    }

    @Override
    public Bounds defaultBounds() {
        return DEFAULT_BOUNDS;
    }

    @Override
    public List<Bounds.Extra> extraBounds() {
        return List.of(RING_SIZE, RING_RESERVED);
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return RingKeys.parse(keys, withBitmap);
    }

    /**
     * The machine parts the ring families model: flush-when (the reset's "flush if cleared") and harvest-lock (the
     * reset's write-protect). The loader refuses the others (the mixed fault path, fault-lock, plain SPTE updates,
     * aging) rather than ignore them.
     */
    @Override
    public java.util.Set<String> familyPartKeys() {
        return java.util.Set.of("flush-when", "harvest-lock");
    }

    /** ring-size a power of two (kvm_vm_ioctl_enable_dirty_log_ring), ring-reserved below it. */
    @Override
    public void validate(Variant v, KeyReader keys) {
        int size = v.bounds().extra(RING_SIZE.key());
        int reserved = v.bounds().extra(RING_RESERVED.key());
        if ((size & (size - 1)) != 0) {
            throw keys.error("bounds", "ring-size = " + size + " is not a power of two; valid: 2, 4, 8, 16"
                    + " (the kernel indexes the ring with dirty_index & (size - 1))");
        }
        if (reserved >= size) {
            throw keys.error("bounds", "ring-reserved = " + reserved + " must be below ring-size = " + size
                    + " (the soft limit is ring-size - ring-reserved, at least 1); valid: 0.." + (size - 1));
        }
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, id(), withBitmap
                ? "KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP as api.rst says it is used"
                : "KVM_CAP_DIRTY_LOG_RING as api.rst 7.36 says and QEMU does it",
                machineDefaults(), DEFAULT_BOUNDS, RingKeys.today(withBitmap), null, null);
    }

    @Override
    public List<Step> steps() {
        List<Step> l = new ArrayList<>(List.of(Step.PUSH_FIELDS, Step.PUSH_FLAG, Step.COLLECT_LOAD_FLAG,
                Step.COLLECT_READ_GFN, Step.COLLECT_MARK_RESET, Step.COLLECT_SKIP, Step.RESET_READ,
                Step.RESET_INVALIDATE, Step.RESET_WRITE_PROTECT, Step.RESET_INTERRUPT, Step.FLUSH_TLB, Step.SEND,
                Step.PAUSE_VCPUS, Step.DEVICE_SAVE));
        if (withBitmap) {
            l.add(Step.GET_BITMAP);
        }
        return l;
    }

    /** The Java model's configuration of a variant of this family. */
    public static RingConfig config(Variant v) {
        RingKeys k = v.config(RingKeys.class);
        MachineConfig m = v.machine();
        boolean bitmap = v.protocol().equals(RingWithBitmapFamily.ID);
        return new RingConfig(bitmap, k.harvest(), k.pushOrder(), k.collectOrder(), k.collectSkip(), k.softFullExit(),
                k.resetOrder(), k.resetInterrupt(), k.reapers(), k.deviceSave(),
                bitmap ? k.bitmapRead() : RingConfig.BitmapRead.NEVER, m.flushWhen(), m.faultPath(), m.faultOrder(),
                m.flush(), m.hostWrites(), v.bounds(), v.bounds().extra(RING_SIZE.key()),
                v.bounds().extra(RING_RESERVED.key()));
    }

    @Override
    public Migration start(Variant v) {
        return new Ring(config(v));
    }

    /** DirtyRing.tla: the machine's constants, then the ring's. */
    @Override
    public TlaModel tla(Variant v) {
        Map<String, String> c = TlaModel.machineConstants(v.bounds(), v.machine());
        for (Map.Entry<String, String> e : RingTla.constants(config(v)).entrySet()) {
            c.putIfAbsent(e.getKey(), e.getValue());
        }
        return new TlaModel(RingTla.MODULE, c, TlaModel.INVARIANTS);
    }

    /**
     * The migration thread's live rounds; with two reapers, both userspace threads' live rounds interleaved at
     * their ioctl boundaries ({@link Ring#liveRoundsOfBothReapers}), since the sampling back-ends run the
     * migration side on one thread. The {@code reapers} scenario races the two threads for Lincheck.
     */
    @Override
    public List<Op> liveRounds(Variant v) {
        return List.of(Op.liveRounds(v.config(RingKeys.class).reapers() == 2 ? Ring.REAPERS : "harvester"));
    }

    /**
     * The machine's standard programs beside the migration thread's live rounds; {@code write-after-round}, one
     * thread doing a live round and then writing the page it had cached (no race needed: the window a stale TLB
     * entry or a page left writable opens, in program order); when the bounds allow more
     * pages than the ring has entries, one vCPU dirtying them all ({@code wrap}); and with two reapers the race
     * of the reapers: the page written and cached before, the migration thread's live rounds and then a write
     * through the cached entry, against reaper 1's harvest.
     */
    /** Not interchangeable: a ring entry nothing has pushed to yet names page 0 (its gfn as vzalloc left it). */
    @Override
    public boolean pagesInterchangeable() {
        return false;
    }

    @Override
    public List<Scenario> scenarios(Variant v) {
        List<Scenario> r = new ArrayList<>();
        RingConfig c = config(v);
        Bounds b = v.bounds();
        if (b.pages() > c.ringSize() && b.writes() > c.ringSize() && b.rounds() >= 1) {
            List<Op> wrap = new ArrayList<>();
            for (int p = 0; p <= c.ringSize(); p++) {
                wrap.add(Op.guestWrite(0, p));
            }
            r.add(new Scenario("wrap", List.of(), List.of(wrap, liveRounds(v)),
                    "more pages dirtied than the ring has entries, beside the live rounds"));
        }
        if (b.rounds() >= 1 && b.writes() >= 2) {
            List<Op> thenWrite = new ArrayList<>(liveRounds(v));
            thenWrite.add(Op.guestWrite(0, 0));
            r.add(new Scenario("write-after-round", List.of(Op.guestWrite(0, 0)), List.of(thenWrite),
                    "the page written and cached, a live round, then a write through the cached entry: what the"
                            + " round must have protected and flushed before its sends"));
        }
        if (c.reapers() == 2 && v.bounds().rounds() >= 1 && v.bounds().writes() >= 2) {
            r.add(new Scenario("reapers", List.of(Op.guestWrite(0, 0)),
                    List.of(List.of(Op.liveRounds("harvester"), Op.guestWrite(0, 0)),
                            List.of(Op.liveRounds("reaper1"))),
                    "two KVM_RESET_DIRTY_RINGS callers: the flush outside slots_lock"));
            r.add(new Scenario("reapers-write", List.of(Op.guestWrite(0, 0)),
                    List.of(List.of(new Op(Ring.REAPERS, Ring.LIVE_ROUNDS_WRITE, 0))),
                    "two reapers interleaved at their ioctls, the cached page written between the migration"
                            + " thread's sends and reaper 1's flush"));
        }
        // the family's own first: they need no or one precise window, and a back-end stops at the first loss
        r.addAll(Scenarios.standard(v, liveRounds(v)));
        return r;
    }
}
