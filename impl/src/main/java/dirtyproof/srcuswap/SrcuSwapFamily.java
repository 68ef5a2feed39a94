package dirtyproof.srcuswap;

import dirtyproof.bitmaps.ProgramHarvester;
import dirtyproof.family.Family;
import dirtyproof.family.FamilyConfig;
import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import dirtyproof.family.Scenarios;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.SetOp;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.Map;

/**
 * srcu-swap: KVM_GET_DIRTY_LOG of 2009-2012 on x86 -- install a fresh bitmap through copied memslots,
 * synchronize_srcu, write-protect and flush, copy the old bitmap (docs/families/srcu-swap.md). Its era's
 * machine: the shadow MMU's locked fault path and __set_bit in mark_page_dirty.
 */
public final class SrcuSwapFamily implements Family {

    public static final String ID = "srcu-swap";

    /** The fault path under mmu_lock, __set_bit, a synchronous flush. */
    public static final MachineConfig ERA = new MachineConfig(SetOp.NON_ATOMIC, FaultPath.LOCKED,
            MachineConfig.TODAY.faultOrder(), MachineConfig.TODAY.flush(), false);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "KVM_GET_DIRTY_LOG with an SRCU memslot swap (kvm_vm_ioctl_get_dirty_log, 2009-2012)";
    }

    @Override
    public List<String> keys() {
        return SrcuSwapConfig.KEYS;
    }

    @Override
    public MachineConfig machineDefaults() {
        return ERA;
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return SrcuSwapConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "kvm_vm_ioctl_get_dirty_log after edde99ce0529 (2010)", ERA, defaultBounds(),
                SrcuSwapConfig.ERA, null, null);
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
        Map<String, String> k = TlaModel.machineConstants(v.bounds(), v.machine());
        k.put("Harvest", TlaModel.seq(c.harvest()));
        k.put("MmuLock", TlaModel.set(c.lockedInOrder()));
        k.put("MemslotLookup", TlaModel.str(c.memslotLookup().id()));
        return new TlaModel("SrcuSwap", k, TlaModel.INVARIANTS);
    }

    @Override
    public List<Op> liveRounds(Variant v) {
        return List.of(Op.liveRounds(ProgramHarvester.NAME));
    }

    @Override
    public List<Scenario> scenarios(Variant v) {
        return Scenarios.standard(v, liveRounds(v));
    }

    /** mixed fault path, fault-lock, harvest-lock, spte-update and aging; not flush-when. */
    @Override
    public java.util.Set<String> familyPartKeys() {
        return dirtyproof.bitmaps.ProgramHarvester.FAMILY_PARTS;
    }
}
