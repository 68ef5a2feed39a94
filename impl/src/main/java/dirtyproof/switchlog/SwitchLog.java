package dirtyproof.switchlog;

import dirtyproof.bitmaps.MemslotTracker;
import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.bitmaps.ProgramKvm;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Event;
import dirtyproof.variant.Variant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KVM_SWITCH_DIRTY_LOG, the 2010 proposal (seed 000), on the shared machine: two dirty bitmaps per slot, both
 * in userspace; the memslot points at the active one, and writers mark through the memslot they looked up
 * ({@link MemslotTracker}). The ioctl switches the memslot to the other bitmap, waits for the readers that may
 * hold the old memslot, write-protects the slot and flushes; userspace reads the old bitmap in place, sends its
 * pages and zeroes it before the next switch makes it active again ({@link SwitchLogHarvester}).
 */
public final class SwitchLog extends ProgramKvm<SwitchLogHarvester> {

    /** The two userspace bitmaps. */
    final DirtyBitmap[] ubitmap = new DirtyBitmap[2];
    /** The bitmap the memslot points at. */
    final AtomicInteger active = new AtomicInteger();
    final MemslotTracker tracker;

    public SwitchLog(Variant variant) {
        super(variant);
        SwitchLogConfig c = variant.config(SwitchLogConfig.class);
        ubitmap[0] = new DirtyBitmap(variant.bounds());
        ubitmap[1] = new DirtyBitmap(variant.bounds());
        tracker = new MemslotTracker(variant.machine().setOp(), c.memslotLookup(), active, b -> ubitmap[b],
                variant.bounds().vcpus());
        start(tracker);
        addHarvester(new SwitchLogHarvester(this));
    }

    /** SwitchLog.tla's ubitmap, active, readers, hostReader, memslot, hostMemslot, readBuf and log. */
    @Override
    protected void observeFamily(Map<String, Object> into) {
        Map<Object, Object> b = new LinkedHashMap<>();
        b.put(0L, ubitmap[0].pages());
        b.put(1L, ubitmap[1].pages());
        into.put("ubitmap", b);
        into.put("active", (long) active.get());
        tracker.observe(into, "readers", "hostReader");
        into.put("readBuf", (long) harvester().readBuf());
        into.put("log", harvester().logPages());
    }

    @Override
    protected String familyNote(Event e, Map<String, Object> before) {
        switch (e.step()) {
            case MARK_DIRTY:
            case MARK_DIRTY_STORE:
            case CLEAR_OLD:
                return "bitmap 0=" + ProgramHarvester.pagesText(ubitmap[0].pages()) + " 1="
                        + ProgramHarvester.pagesText(ubitmap[1].pages());
            case MARK_DIRTY_LOAD:
                return "reads bitmap " + tracker.slotOf(e.actor()) + "'s word";
            case SWITCH_BITMAP:
                return "bitmap " + active.get() + " active; waits for " + (tracker.waiting() ? "readers" : "nobody");
            case READ_OLD:
                return "read " + ProgramHarvester.pagesText(harvester().logPages()) + " from bitmap "
                        + harvester().readBuf();
            default:
                return "";
        }
    }

    @Override
    public String toString() {
        return super.toString() + "\n  active=" + active.get() + " bitmap 0=" + ubitmap[0].pages() + " 1="
                + ubitmap[1].pages();
    }
}
