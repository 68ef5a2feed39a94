package dirtyproof.srcuswap;

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
 * KVM_GET_DIRTY_LOG as x86 did it from 2009 to 2012 (kvm_vm_ioctl_get_dirty_log with SRCU memslots), on the
 * shared machine. Every GET installs a fresh bitmap through copied memslots; writers find the bitmap they mark
 * through the memslots they looked up ({@link MemslotTracker}), so a writer that looked up before the install
 * marks the old one. After edde99ce0529 (2010), arch/x86/kvm/x86.c:
 *
 * <pre>
 *   slots-&gt;memslots[log-&gt;slot].dirty_bitmap = dirty_bitmap;  // fresh, memset 0
 *   old_slots = kvm-&gt;memslots;
 *   rcu_assign_pointer(kvm-&gt;memslots, slots);                 // install-bitmap
 *   synchronize_srcu_expedited(&amp;kvm-&gt;srcu);                   // synchronize-srcu
 *   dirty_bitmap = old_slots-&gt;memslots[log-&gt;slot].dirty_bitmap;
 *   spin_lock(&amp;kvm-&gt;mmu_lock);
 *   kvm_mmu_slot_remove_write_access(kvm, log-&gt;slot);         // write-protect, then kvm_flush_remote_tlbs
 *   spin_unlock(&amp;kvm-&gt;mmu_lock);
 *   copy_to_user(log-&gt;dirty_bitmap, dirty_bitmap, n);         // copy-to-user
 * </pre>
 *
 * Generation g's bitmap is {@code bitmaps[g]}; each harvest installs at most one generation.
 */
public final class SrcuSwap extends ProgramKvm<SrcuSwapHarvester> {

    /** The dirty bitmap of each memslots generation (slots->generation). */
    final DirtyBitmap[] bitmaps;
    /** The installed generation (kvm->memslots). */
    final AtomicInteger gen = new AtomicInteger();
    final MemslotTracker tracker;

    public SrcuSwap(Variant variant) {
        super(variant);
        SrcuSwapConfig c = variant.config(SrcuSwapConfig.class);
        bitmaps = new DirtyBitmap[variant.bounds().rounds() + 2];
        for (int g = 0; g < bitmaps.length; g++) {
            bitmaps[g] = new DirtyBitmap(variant.bounds());
        }
        tracker = new MemslotTracker(variant.machine().setOp(), c.memslotLookup(), gen, g -> bitmaps[g],
                variant.bounds().vcpus());
        start(tracker);
        addHarvester(new SrcuSwapHarvester(this));
    }

    /** SrcuSwap.tla's bitmaps, gen, srcuWait, srcuHost, memslot, hostMemslot and log. */
    @Override
    protected void observeFamily(Map<String, Object> into) {
        Map<Object, Object> b = new LinkedHashMap<>();
        for (int g = 0; g < bitmaps.length; g++) {
            b.put((long) g, bitmaps[g].pages());
        }
        into.put("bitmaps", b);
        into.put("gen", (long) gen.get());
        tracker.observe(into, "srcuWait", "srcuHost");
        into.put("log", harvester().logPages());
    }

    @Override
    protected String familyNote(Event e, Map<String, Object> before) {
        switch (e.step()) {
            case MARK_DIRTY:
            case MARK_DIRTY_STORE: {
                int g = tracker.slotOf(e.actor());
                return g >= 0 ? "gen " + g + "=" + ProgramHarvester.pagesText(bitmaps[g].pages()) : bitmapsText();
            }
            case MARK_DIRTY_LOAD:
                return "reads gen " + tracker.slotOf(e.actor()) + "'s word";
            case INSTALL_BITMAP:
                return "gen " + gen.get() + " installed; waits for " + (tracker.waiting() ? "readers" : "nobody");
            case COPY_TO_USER:
                return "reports " + ProgramHarvester.pagesText(harvester().logPages());
            default:
                return "";
        }
    }

    private String bitmapsText() {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < bitmaps.length; g++) {
            sb.append(g == 0 ? "" : " ").append("gen ").append(g).append("=").append(ProgramHarvester.pagesText(bitmaps[g].pages()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return super.toString() + "\n  gen=" + gen.get() + " bitmaps " + bitmapsText();
    }
}
