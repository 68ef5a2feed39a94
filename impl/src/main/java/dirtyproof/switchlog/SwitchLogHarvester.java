package dirtyproof.switchlog;

import dirtyproof.bitmaps.HarvestProgram;
import dirtyproof.bitmaps.HarvestProgram.Micro;
import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.model.Step;
import dirtyproof.variant.Variant;

import java.util.List;

/**
 * Userspace with KVM_SWITCH_DIRTY_LOG, one round per switch, in the variant's order:
 *
 * <pre>
 *   switch-bitmap     active := 1 - active; wait for every writer now in its read section
 *   wait-readers      enabled once every such section has ended
 *   write-protect(w)  clear W of every page of word w
 *   flush-tlb         kvm_flush_remote_tlbs
 *   read-old(w)       log[w] := the old (inactive) bitmap's word; userspace now holds that bitmap
 *   send(p)           every page read, ascending
 *   clear-old(w)      zero word w of the bitmap userspace read last -- whichever is active by now
 * </pre>
 */
public final class SwitchLogHarvester extends ProgramHarvester {

    private final SwitchLog kvm;
    /** The bitmap userspace read last (the one clear-old zeroes), or -1 before its first read. */
    private volatile int readBuf = -1;

    SwitchLogHarvester(SwitchLog kvm) {
        super(kvm, program(kvm.variant()));
        this.kvm = kvm;
        begin();
    }

    /** The ioctl's steps and userspace's, sends included, in the variant's order. */
    static List<Micro> program(Variant v) {
        return HarvestProgram.of(v.config(SwitchLogConfig.class), h -> List.of(h.step), v.bounds().words());
    }

    int readBuf() {
        return readBuf;
    }

    @Override
    protected boolean stepEnabled(Micro mi) {
        return mi.step() != Step.WAIT_READERS || !kvm.tracker.waiting();
    }

    @Override
    protected void harvestStep(Micro mi) {
        int w = mi.arg();
        switch (mi.step()) {
            case SWITCH_BITMAP:
                kvm.active.set(1 - kvm.active.get());
                kvm.tracker.startWaiting();
                break;
            case WAIT_READERS:
                break;
            case WRITE_PROTECT:
                writeProtect(w, -1L);
                break;
            case FLUSH_TLB:
                kvm.kvm_flush_remote_tlbs();
                break;
            case READ_OLD: {
                int old = 1 - kvm.active.get();
                log[w] = kvm.ubitmap[old].get(w);
                readBuf = old;
                break;
            }
            case CLEAR_OLD:
                if (readBuf >= 0) {
                    kvm.ubitmap[readBuf].set(w, 0);
                }
                break;
            default:
                throw new IllegalStateException("not a switch-log step: " + mi);
        }
    }

    @Override
    public String toString() {
        return super.toString() + " readBuf=" + readBuf + " log=" + logPages();
    }
}
