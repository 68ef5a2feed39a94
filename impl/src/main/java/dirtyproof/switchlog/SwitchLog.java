package dirtyproof.switchlog;

import dirtyproof.bitmaps.MemslotTracker;
import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.family.Op;
import dirtyproof.kvm.Kvm;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Event;
import dirtyproof.variant.Variant;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KVM_SWITCH_DIRTY_LOG, the 2010 proposal (seed 000), on the shared machine: two dirty bitmaps per slot, both
 * in userspace; the memslot points at the active one, and writers mark through the memslot they looked up
 * ({@link MemslotTracker}). The ioctl switches the memslot to the other bitmap, waits for the readers that may
 * hold the old memslot, write-protects the slot and flushes; userspace reads the old bitmap in place, sends its
 * pages and zeroes it before the next switch makes it active again ({@link SwitchLogHarvester}).
 */
public final class SwitchLog extends Kvm {

    /** The two userspace bitmaps. */
    final DirtyBitmap[] ubitmap = new DirtyBitmap[2];
    /** The bitmap the memslot points at. */
    final AtomicInteger active = new AtomicInteger();
    final MemslotTracker tracker;
    private final SwitchLogHarvester harvester;

    public SwitchLog(Variant variant) {
        super(variant);
        SwitchLogConfig c = variant.config(SwitchLogConfig.class);
        ubitmap[0] = new DirtyBitmap(variant.bounds());
        ubitmap[1] = new DirtyBitmap(variant.bounds());
        tracker = new MemslotTracker(variant.machine().setOp(), c.memslotLookup(), active, b -> ubitmap[b],
                variant.bounds().vcpus());
        start(tracker);
        harvester = new SwitchLogHarvester(this);
        addActor(harvester);
    }

    public SwitchLogHarvester harvester() {
        return harvester;
    }

    @Override
    public boolean finished() {
        return harvester.done();
    }

    /** SwitchLog.tla's ubitmap, active, readers, hostReader, memslot, hostMemslot, readBuf and log. */
    @Override
    protected void observeFamily(Map<String, Object> into) {
        Map<Object, Object> b = new LinkedHashMap<>();
        b.put(0L, ubitmap[0].pages());
        b.put(1L, ubitmap[1].pages());
        into.put("ubitmap", b);
        into.put("active", (long) active.get());
        Set<Long> readers = new LinkedHashSet<>();
        Map<Object, Object> slot = new LinkedHashMap<>();
        for (int v = 0; v < m.bounds.vcpus(); v++) {
            if (tracker.waitedFor(v)) {
                readers.add((long) v);
            }
            slot.put((long) v, (long) tracker.slotOf(v));
        }
        into.put("readers", readers);
        into.put("hostReader", tracker.waitedFor(tracker.host()));
        into.put("memslot", slot);
        into.put("hostMemslot", (long) tracker.slotOf(tracker.host()));
        into.put("readBuf", (long) harvester.readBuf());
        into.put("log", harvester.logPages());
    }

    @Override
    protected String familyNote(Event e, Map<String, Object> before) {
        switch (e.step()) {
            case MARK_DIRTY:
            case MARK_DIRTY_STORE:
            case CLEAR_OLD:
                return "bitmap 0=" + ProgramHarvester.pagesText(ubitmap[0].pages()) + " 1="
                        + ProgramHarvester.pagesText(ubitmap[1].pages());
            case MARK_DIRTY_LOAD: {
                int b = tracker.slotOf(e.actor().equals("host") ? tracker.host() : Integer.parseInt(e.actor().substring(4)));
                return "reads bitmap " + b + "'s word";
            }
            case SWITCH_BITMAP:
                return "bitmap " + active.get() + " active; waits for " + (tracker.waiting() ? "readers" : "nobody");
            case READ_OLD:
                return "read " + ProgramHarvester.pagesText(harvester.logPages()) + " from bitmap " + harvester.readBuf();
            default:
                return "";
        }
    }

    @Override
    protected boolean performFamily(Op op) {
        if (!op.actor().equals(SwitchLogHarvester.NAME) || !op.action().equals(Op.LIVE_ROUNDS)) {
            throw new IllegalArgumentException("switch-log has no operation " + op);
        }
        while (!harvester.finalRound()) {
            harvester.stepBlocking();
        }
        return true;
    }

    @Override
    public String toString() {
        return super.toString() + "\n  active=" + active.get() + " bitmap 0=" + ubitmap[0].pages() + " 1="
                + ubitmap[1].pages();
    }
}
