package dirtyproof.getlog;

import dirtyproof.family.Op;
import dirtyproof.kvm.BitmapTracker;
import dirtyproof.kvm.Kvm;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Event;
import dirtyproof.variant.Variant;

import java.util.Map;

/**
 * KVM_GET_DIRTY_LOG with protect, as a variant says it is done, on the shared machine: the vCPUs and the
 * host writer mark {@code memslot->dirty_bitmap} (set_bit or __set_bit, {@link BitmapTracker}); the
 * {@link Harvester} runs the ioctl and userspace's sends. Today's kernel, for reference (virt/kvm/kvm_main.c):
 *
 * <pre>
 *   KVM_MMU_LOCK(kvm);
 *   for (i = 0; i &lt; n / sizeof(long); i++) {
 *       if (!dirty_bitmap[i]) continue;
 *       mask = xchg(&amp;dirty_bitmap[i], 0);                             // snapshot-clear
 *       dirty_bitmap_buffer[i] = mask;
 *       kvm_arch_mmu_enable_log_dirty_pt_masked(kvm, memslot, offset, mask); // write-protect
 *   }
 *   KVM_MMU_UNLOCK(kvm);
 *   if (flush) kvm_flush_remote_tlbs_memslot(kvm, memslot);           // flush-tlb
 *   if (copy_to_user(log-&gt;dirty_bitmap, dirty_bitmap_buffer, n))       // copy-to-user
 * </pre>
 */
public final class GetLog extends Kvm {

    /** memslot->dirty_bitmap. */
    final DirtyBitmap bitmap;
    private final Harvester harvester;

    public GetLog(Variant variant) {
        super(variant);
        variant.config(GetLogConfig.class);
        bitmap = new DirtyBitmap(variant.bounds());
        start(new BitmapTracker(variant.machine().setOp(), bitmap));
        harvester = new Harvester(this);
        addActor(harvester);
    }

    public Harvester harvester() {
        return harvester;
    }

    public DirtyBitmap bitmap() {
        return bitmap;
    }

    @Override
    public boolean finished() {
        return harvester.done();
    }

    /** The dirty bitmap, as DirtyLog.tla's {@code bitmap}: the set of pages whose bit is set. */
    @Override
    protected void observeFamily(Map<String, Object> into) {
        into.put("bitmap", bitmap.pages());
    }

    @Override
    protected String familyNote(Event e, Map<String, Object> before) {
        switch (e.step()) {
            case SNAPSHOT_CLEAR:
            case SNAPSHOT_CLEAR_LOAD:
            case SNAPSHOT_CLEAR_STORE:
            case MARK_DIRTY:
            case MARK_DIRTY_LOAD:
            case MARK_DIRTY_STORE:
                return "bitmap=" + bitmap;
            case COPY_TO_USER:
                return "reports " + harvester.reportedPages();
            default:
                return "";
        }
    }

    /** The harvester's live rounds, each a harvest and the sends of the pages it reported. */
    @Override
    protected boolean performFamily(Op op) {
        if (!op.actor().equals(Harvester.NAME) || !op.action().equals(Op.LIVE_ROUNDS)) {
            throw new IllegalArgumentException("get-log has no operation " + op);
        }
        while (!harvester.finalRound()) {
            harvester.stepBlocking();
        }
        return true;
    }

    @Override
    public String toString() {
        return super.toString().replaceFirst(" tlb=", " bitmap=[" + bitmap + "] tlb=");
    }
}
