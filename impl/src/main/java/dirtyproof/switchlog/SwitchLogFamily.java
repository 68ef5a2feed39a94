package dirtyproof.switchlog;

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
 * switch-log: KVM_SWITCH_DIRTY_LOG, the 2010 proposal -- two userspace bitmaps, switched by the ioctl, read
 * and zeroed in place by userspace (docs/families/switch-log.md). Its era's machine, as srcu-swap's: the
 * shadow MMU's locked fault path and a non-atomic bit set.
 */
public final class SwitchLogFamily implements Family {

    public static final String ID = "switch-log";

    /** The fault path under mmu_lock, __set_bit, a synchronous flush. */
    public static final MachineConfig ERA = new MachineConfig(SetOp.NON_ATOMIC, FaultPath.LOCKED,
            MachineConfig.TODAY.faultOrder(), MachineConfig.TODAY.flush(), false);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "KVM_SWITCH_DIRTY_LOG: two userspace bitmaps switched by the ioctl (2010 proposal)";
    }

    @Override
    public List<String> keys() {
        return SwitchLogConfig.KEYS;
    }

    @Override
    public MachineConfig machineDefaults() {
        return ERA;
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return SwitchLogConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "KVM_SWITCH_DIRTY_LOG as proposed in 2010", ERA, defaultBounds(),
                SwitchLogConfig.ERA, null, null);
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.MARK_DIRTY, Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE, Step.SWITCH_BITMAP,
                Step.WAIT_READERS, Step.WRITE_PROTECT, Step.FLUSH_TLB, Step.READ_OLD, Step.SEND, Step.CLEAR_OLD,
                Step.PAUSE_VCPUS);
    }

    @Override
    public Migration start(Variant v) {
        return new SwitchLog(v);
    }

    /** SwitchLog.tla: the machine's constants, then Harvest, MmuLock and MemslotLookup. */
    @Override
    public TlaModel tla(Variant v) {
        SwitchLogConfig c = v.config(SwitchLogConfig.class);
        Map<String, String> k = TlaModel.machineConstants(v.bounds(), v.machine());
        k.put("Harvest", TlaModel.seq(c.harvest()));
        k.put("MmuLock", TlaModel.set(c.lockedInOrder()));
        k.put("MemslotLookup", TlaModel.str(c.memslotLookup().id()));
        return new TlaModel("SwitchLog", k, TlaModel.INVARIANTS);
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
