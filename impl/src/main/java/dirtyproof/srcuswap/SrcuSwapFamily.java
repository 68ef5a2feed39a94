package dirtyproof.srcuswap;

import dirtyproof.bitmaps.ProgramFamily;
import dirtyproof.family.FamilyConfig;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.Map;

/**
 * srcu-swap: KVM_GET_DIRTY_LOG of 2009-2012 on x86 -- install a fresh bitmap through copied memslots,
 * synchronize_srcu, write-protect and flush, copy the old bitmap (docs/families/srcu-swap.md). Its era's
 * machine: the shadow MMU's locked fault path and __set_bit in mark_page_dirty ({@link MachineConfig#ERA_2010}).
 */
public final class SrcuSwapFamily extends ProgramFamily {

    public static final String ID = "srcu-swap";

    public SrcuSwapFamily() {
        super(ID, "KVM_GET_DIRTY_LOG with an SRCU memslot swap (kvm_vm_ioctl_get_dirty_log, 2009-2012)",
                SrcuSwapConfig.KEYS, MachineConfig.ERA_2010);
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return SrcuSwapConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "kvm_vm_ioctl_get_dirty_log after edde99ce0529 (2010)", machineDefaults(),
                defaultBounds(), SrcuSwapConfig.ERA, null, null);
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.MARK_DIRTY, Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE, Step.INSTALL_BITMAP,
                Step.SYNCHRONIZE_SRCU, Step.WRITE_PROTECT, Step.FLUSH_TLB, Step.COPY_TO_USER, Step.SEND,
                Step.PAUSE_VCPUS);
    }

    @Override
    public Migration start(Variant v) {
        return new SrcuSwap(v);
    }

    /** SrcuSwap.tla: the machine's constants, then Harvest, MmuLock and MemslotLookup. */
    @Override
    public TlaModel tla(Variant v) {
        SrcuSwapConfig c = v.config(SrcuSwapConfig.class);
        Map<String, String> k = TlaModel.harvestConstants(v, c);
        k.put("MemslotLookup", TlaModel.str(c.memslotLookup().id()));
        return new TlaModel("SrcuSwap", k, TlaModel.INVARIANTS);
    }
}
