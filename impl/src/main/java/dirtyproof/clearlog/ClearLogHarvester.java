package dirtyproof.clearlog;

import dirtyproof.bitmaps.HarvestProgram;
import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Step;
import dirtyproof.variant.ClearOp;
import dirtyproof.variant.Variant;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * QEMU's migration thread with KVM_GET_DIRTY_LOG and KVM_CLEAR_DIRTY_LOG under manual protection, one harvest
 * per round, in the variant's order:
 *
 * <pre>
 *   get-copy(w)        log[w] := dirty_bitmap[w]                      (copy_to_user; nothing cleared)
 *   clear-fetched(w)   mask[w] := m &amp; fetch_andnot(m, &amp;dirty_bitmap[w]), m = log[w] (or all ones)
 *     .load / .store   loaded := dirty_bitmap[w]; mask[w] := m &amp; loaded / dirty_bitmap[w] := loaded &amp; ~m
 *   write-protect(w)   clear W of the pages of mask[w] (of m, if no clear-fetched ran yet)
 *   flush-tlb          kvm_flush_remote_tlbs
 *   send(p)            every fetched page, ascending
 * </pre>
 *
 * The log is what userspace fetched (QEMU's dirty_bmap). It, and the CLEAR's buffers, are forgotten at the end
 * of the round.
 */
public final class ClearLogHarvester extends ProgramHarvester {

    private final ClearLog kvm;
    private final ClearLogConfig c;
    private final DirtyBitmap bitmap;
    /** The bits the CLEAR really cleared (dirty_bitmap_buffer after fetch_andnot), per word. */
    final long[] mask;
    /** Whether a clear-fetched step ran in this harvest. */
    volatile boolean taken;
    private final long[] loaded;

    ClearLogHarvester(ClearLog kvm) {
        super(kvm, program(kvm.variant()));
        this.kvm = kvm;
        this.c = kvm.variant().config(ClearLogConfig.class);
        this.bitmap = kvm.bitmap;
        int words = m.bounds.words();
        mask = new long[words];
        loaded = new long[words];
        begin();
    }

    /** GET, CLEAR and the sends in the variant's order; a load-store clear-fetched is a load and a store a word. */
    static List<Micro> program(Variant v) {
        ClearLogConfig c = v.config(ClearLogConfig.class);
        return HarvestProgram.of(c, h -> h == ClearLogStep.CLEAR_FETCHED && c.clearOp() != ClearOp.XCHG
                ? List.of(Step.CLEAR_FETCHED_LOAD, Step.CLEAR_FETCHED_STORE) : List.of(h.step), v.bounds().words());
    }

    /** The mask userspace passes to KVM_CLEAR_DIRTY_LOG for word w: what it fetched, or every page. */
    private long userMask(int w) {
        if (c.clearMask() == ClearMask.FETCHED) {
            return log[w];
        }
        long all = 0;
        for (int p : m.pagesOf(w, -1L)) {
            all |= m.bounds.bitOf(p);
        }
        return all;
    }

    @Override
    protected void harvestStep(Micro mi) {
        int w = mi.arg();
        switch (mi.step()) {
            case GET_COPY:
                log[w] = bitmap.get(w);
                break;
            case CLEAR_FETCHED: {
                long um = userMask(w);
                mask[w] = um == 0 ? 0 : um & bitmap.fetch_andnot(w, um);
                taken = true;
                break;
            }
            case CLEAR_FETCHED_LOAD:
                loaded[w] = bitmap.get(w);
                mask[w] = userMask(w) & loaded[w];
                taken = true;
                break;
            case CLEAR_FETCHED_STORE: {
                long um = userMask(w);
                if (um != 0) {
                    bitmap.set(w, loaded[w] & ~um);
                }
                loaded[w] = 0;
                break;
            }
            case WRITE_PROTECT:
                writeProtect(w, taken ? mask[w] : userMask(w));
                break;
            case FLUSH_TLB:
                kvm.kvm_flush_remote_tlbs();
                break;
            default:
                throw new IllegalStateException("not a clear-log step: " + mi);
        }
    }

    @Override
    protected void endRound() {
        Arrays.fill(mask, 0);
        Arrays.fill(loaded, 0);
        taken = false;
    }

    /** The pages of the CLEAR's mask: TLA+ {@code mask}. */
    Set<Long> maskPages() {
        return pages(mask);
    }

    @Override
    public String toString() {
        return super.toString() + " log=" + logPages() + " mask=" + maskPages();
    }
}
