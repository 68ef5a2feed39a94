package dirtyproof.ring;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.FlushWhen;

import java.util.List;

/**
 * Everything a ring or ring-with-bitmap migration depends on (DESIGN.md §3, "ring", "ring-with-bitmap"): the
 * machine's keys that matter to the ring, the ring's own keys and the bounds, with ring-size and ring-reserved.
 * Built by the ring families from a variant; every value has been validated there.
 *
 * @param withBitmap     protocol ring-with-bitmap (KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP)
 * @param harvest        userspace's round: collect, reset-rings, flush-tlb (inside the ioctl), send
 * @param pushOrder      the two stores of kvm_dirty_ring_push: fields (slot/offset) and flag
 * @param collectOrder   userspace's steps per entry: load-flag, read-gfn, mark-reset
 * @param collectSkip    userspace steps over one DIRTY entry, once
 * @param softFullExit   a soft-full vCPU may not enter the guest (KVM_EXIT_DIRTY_RING_FULL)
 * @param resetOrder     per batch: invalidate and write-protect
 * @param resetInterrupt one KVM_RESET_DIRTY_RINGS may be interrupted by a signal (-EINTR) and the VMM carries on
 * @param reapers        1, or 2: a second userspace thread collects the odd rings and calls the ioctl once
 * @param deviceSave     a vCPU-less write after pause-vcpus
 * @param bitmapRead     when the final round reads the backup bitmap (ring-with-bitmap)
 * @param flushWhen      when the reset's flush flushes: bits-consumed (the kernel's if (cleared)), always, spte-changed
 */
public record RingConfig(
        boolean withBitmap,
        List<HarvestStep> harvest,
        List<PushStore> pushOrder,
        List<CollectStep> collectOrder,
        boolean collectSkip,
        boolean softFullExit,
        List<ResetStep> resetOrder,
        boolean resetInterrupt,
        int reapers,
        boolean deviceSave,
        BitmapRead bitmapRead,
        FlushWhen flushWhen,
        FaultPath faultPath,
        List<FaultStep> faultOrder,
        FlushMode flush,
        boolean hostWrites,
        Bounds bounds,
        int ringSize,
        int ringReserved) {

    public RingConfig {
        harvest = List.copyOf(harvest);
        pushOrder = List.copyOf(pushOrder);
        collectOrder = List.copyOf(collectOrder);
        resetOrder = List.copyOf(resetOrder);
        faultOrder = List.copyOf(faultOrder);
    }

    /** The kernel's (and QEMU's) defaults of the era: today's ring, as api.rst section 7.36 says it is used. */
    public static final List<HarvestStep> DEFAULT_HARVEST =
            List.of(HarvestStep.COLLECT, HarvestStep.RESET_RINGS, HarvestStep.FLUSH_TLB, HarvestStep.SEND);
    public static final List<PushStore> DEFAULT_PUSH_ORDER = List.of(PushStore.FIELDS, PushStore.FLAG);
    public static final List<CollectStep> DEFAULT_COLLECT_ORDER =
            List.of(CollectStep.LOAD_FLAG, CollectStep.READ_GFN, CollectStep.MARK_RESET);
    public static final List<ResetStep> DEFAULT_RESET_ORDER = List.of(ResetStep.INVALIDATE, ResetStep.WRITE_PROTECT);

    /** Today's ring (or ring-with-bitmap) at the given bounds: every key at its default. */
    public static Builder today(boolean withBitmap, Bounds bounds, int ringSize, int ringReserved) {
        return new Builder(withBitmap, bounds, ringSize, ringReserved);
    }

    /** A RingConfig to be, every key at today's value until set. */
    public static final class Builder {
        public boolean withBitmap;
        public List<HarvestStep> harvest = DEFAULT_HARVEST;
        public List<PushStore> pushOrder = DEFAULT_PUSH_ORDER;
        public List<CollectStep> collectOrder = DEFAULT_COLLECT_ORDER;
        public boolean collectSkip;
        public boolean softFullExit = true;
        public List<ResetStep> resetOrder = DEFAULT_RESET_ORDER;
        public boolean resetInterrupt;
        public int reapers = 1;
        public boolean deviceSave;
        public BitmapRead bitmapRead = BitmapRead.AFTER_DEVICE_SAVE;
        public FlushWhen flushWhen = FlushWhen.BITS_CONSUMED;
        public FaultPath faultPath = FaultPath.FAST;
        public List<FaultStep> faultOrder = List.of(FaultStep.MAKE_WRITABLE, FaultStep.MARK_DIRTY);
        public FlushMode flush = FlushMode.SYNC;
        public boolean hostWrites;
        public Bounds bounds;
        public int ringSize;
        public int ringReserved;

        Builder(boolean withBitmap, Bounds bounds, int ringSize, int ringReserved) {
            this.withBitmap = withBitmap;
            this.deviceSave = withBitmap;
            this.bitmapRead = withBitmap ? BitmapRead.AFTER_DEVICE_SAVE : BitmapRead.NEVER;
            this.bounds = bounds;
            this.ringSize = ringSize;
            this.ringReserved = ringReserved;
        }

        public Builder with(java.util.function.Consumer<Builder> change) {
            change.accept(this);
            return this;
        }

        public RingConfig build() {
            return new RingConfig(withBitmap, harvest, pushOrder, collectOrder, collectSkip, softFullExit, resetOrder,
                    resetInterrupt, reapers, deviceSave, bitmapRead, flushWhen, faultPath, faultOrder, flush,
                    hostWrites, bounds, ringSize, ringReserved);
        }
    }

    /** ring->soft_limit: size minus the reserved entries. */
    public int softLimit() {
        return ringSize - ringReserved;
    }

    /** A step of userspace's round, as the harvest key lists it. */
    public enum HarvestStep implements dirtyproof.variant.Choice {
        COLLECT("collect"), RESET_RINGS("reset-rings"), FLUSH_TLB("flush-tlb"), SEND("send");

        private final String id;

        HarvestStep(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        /** The same step in a reaper's program. */
        public ProgramStep program() {
            return ProgramStep.valueOf(name());
        }
    }

    /** A step of a reaper's program: the harvest's steps and the final round's own. */
    public enum ProgramStep {
        COLLECT("collect"), RESET_RINGS("reset-rings"), FLUSH_TLB("flush-tlb"), SEND("send"),
        PAUSE_VCPUS("pause-vcpus"), DEVICE_SAVE("device-save"), GET_BITMAP("get-bitmap");

        public final String id;

        ProgramStep(String id) {
            this.id = id;
        }
    }

    /** The two stores of kvm_dirty_ring_push. */
    public enum PushStore implements dirtyproof.variant.Choice {
        FIELDS("fields"), FLAG("flag");

        private final String id;

        PushStore(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    /** Userspace's steps for one ring entry. */
    public enum CollectStep implements dirtyproof.variant.Choice {
        LOAD_FLAG("load-flag"), READ_GFN("read-gfn"), MARK_RESET("mark-reset");

        private final String id;

        CollectStep(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    /** The two halves of resetting a batch. */
    public enum ResetStep implements dirtyproof.variant.Choice {
        INVALIDATE("invalidate"), WRITE_PROTECT("write-protect");

        private final String id;

        ResetStep(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    /** When the final round reads the backup bitmap. */
    public enum BitmapRead implements dirtyproof.variant.Choice {
        AFTER_DEVICE_SAVE("after-device-save"), BEFORE_DEVICE_SAVE("before-device-save"), NEVER("never");

        private final String id;

        BitmapRead(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
