package dirtyproof.clearlog;

import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.bitmaps.ProgramKvm;
import dirtyproof.kvm.BitmapTracker;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Event;
import dirtyproof.variant.Variant;

import java.util.Map;

/**
 * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 with KVM_CLEAR_DIRTY_LOG, as QEMU drives it, on the shared machine: the
 * vCPUs and the host writer mark {@code memslot->dirty_bitmap} ({@link BitmapTracker}); the
 * {@link ClearLogHarvester} runs GET (copy, no clear), CLEAR (fetch_andnot of the fetched bits and
 * write-protect of the bits really cleared, under mmu_lock, then the flush) and the sends. The kernel, for
 * reference (virt/kvm/kvm_main.c, kvm_clear_dirty_log_protect):
 *
 * <pre>
 *   KVM_MMU_LOCK(kvm);
 *   for (offset = log-&gt;first_page, i = offset / BITS_PER_LONG, ...; n--; i++, offset += BITS_PER_LONG) {
 *       unsigned long mask = *dirty_bitmap_buffer++;     // what userspace passed
 *       atomic_long_t *p = (atomic_long_t *) &amp;dirty_bitmap[i];
 *       if (!mask) continue;
 *       mask &amp;= atomic_long_fetch_andnot(mask, p);        // clear-fetched
 *       if (mask) {
 *           flush = true;
 *           kvm_arch_mmu_enable_log_dirty_pt_masked(kvm, memslot, offset, mask);  // write-protect
 *       }
 *   }
 *   KVM_MMU_UNLOCK(kvm);
 *   if (flush) kvm_arch_flush_remote_tlbs_memslot(kvm, memslot);              // flush-tlb
 * </pre>
 *
 * With {@code initially-set} the bitmap starts all ones and every SPTE writable: enabling dirty logging
 * protected nothing (kvm_arch_commit_memory_region skips the write-protect when
 * kvm_dirty_log_manual_protect_and_init_set).
 */
public final class ClearLog extends ProgramKvm<ClearLogHarvester> {

    /** memslot->dirty_bitmap. */
    final DirtyBitmap bitmap;

    public ClearLog(Variant variant) {
        super(variant);
        ClearLogConfig c = variant.config(ClearLogConfig.class);
        bitmap = new DirtyBitmap(variant.bounds());
        if (c.initiallySet()) {
            bitmap.setAll();
            for (int p = 0; p < m.bounds.pages(); p++) {
                m.spteW.set(p, 1);
            }
        }
        start(new BitmapTracker(variant.machine().setOp(), bitmap));
        addHarvester(new ClearLogHarvester(this));
    }

    public DirtyBitmap bitmap() {
        return bitmap;
    }

    /** ClearLog.tla's bitmap, log (what userspace fetched), mask (what the CLEAR cleared) and taken. */
    @Override
    protected void observeFamily(Map<String, Object> into) {
        into.put("bitmap", bitmap.pages());
        into.put("log", harvester().logPages());
        into.put("mask", harvester().maskPages());
        into.put("taken", harvester().taken);
    }

    @Override
    protected String familyNote(Event e, Map<String, Object> before) {
        switch (e.step()) {
            case MARK_DIRTY:
            case MARK_DIRTY_LOAD:
            case MARK_DIRTY_STORE:
            case CLEAR_FETCHED_STORE:
                return "bitmap=" + ProgramHarvester.pagesText(bitmap.pages());
            case GET_COPY:
                return "fetched " + ProgramHarvester.pagesText(harvester().logPages());
            case CLEAR_FETCHED:
            case CLEAR_FETCHED_LOAD:
                return "cleared " + ProgramHarvester.pagesText(harvester().maskPages()) + ", bitmap="
                        + ProgramHarvester.pagesText(bitmap.pages());
            default:
                return "";
        }
    }
}
