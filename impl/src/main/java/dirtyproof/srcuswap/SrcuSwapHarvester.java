package dirtyproof.srcuswap;

import dirtyproof.bitmaps.HarvestProgram;
import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.model.Step;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * Userspace calling kvm_vm_ioctl_get_dirty_log of 2009-2012, then sending what it reported:
 *
 * <pre>
 *   install-bitmap     gen := gen + 1 (a fresh, zeroed bitmap); wait for every writer now in its read section
 *   synchronize-srcu   enabled once every such section has ended
 *   write-protect(w)   clear W of every page of word w (kvm_mmu_slot_remove_write_access)
 *   flush-tlb          kvm_flush_remote_tlbs
 *   copy-to-user       log := the old generation's bitmap (before any install: the fresh, empty one)
 *   send(p)            every reported page, ascending, after the ioctl returned
 * </pre>
 */
public final class SrcuSwapHarvester extends ProgramHarvester {

    private final SrcuSwap kvm;
    /** The generation this harvest's install replaced, or -1. */
    private int oldGen = -1;

    SrcuSwapHarvester(SrcuSwap kvm) {
        super(kvm, program(kvm.variant()));
        this.kvm = kvm;
        begin();
    }

    /** The ioctl's steps, then the sends. */
    static List<Micro> program(Variant v) {
        List<Micro> p = new ArrayList<>(HarvestProgram.of(v.config(SrcuSwapConfig.class), h -> List.of(h.step),
                v.bounds().words()));
        p.add(HarvestProgram.SEND);
        return p;
    }

    @Override
    protected boolean stepEnabled(Micro mi) {
        return mi.step() != Step.SYNCHRONIZE_SRCU || !kvm.tracker.waiting();
    }

    @Override
    protected void harvestStep(Micro mi) {
        switch (mi.step()) {
            case INSTALL_BITMAP:
                oldGen = kvm.gen.getAndIncrement();
                kvm.tracker.startWaiting();
                break;
            case SYNCHRONIZE_SRCU:
                break;
            case WRITE_PROTECT:
                writeProtect(mi.arg(), -1L);
                break;
            case FLUSH_TLB:
                kvm.kvm_flush_remote_tlbs();
                break;
            case COPY_TO_USER:
                for (int w = 0; w < log.length; w++) {
                    log[w] = oldGen < 0 ? 0 : kvm.bitmaps[oldGen].get(w);
                }
                break;
            default:
                throw new IllegalStateException("not a srcu-swap step: " + mi);
        }
    }

    @Override
    protected void endRound() {
        oldGen = -1;
    }

    @Override
    public String toString() {
        return super.toString() + " oldGen=" + oldGen + " log=" + logPages();
    }
}
