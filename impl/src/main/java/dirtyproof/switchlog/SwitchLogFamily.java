package dirtyproof.switchlog;

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
 * switch-log: KVM_SWITCH_DIRTY_LOG, the 2010 proposal -- two userspace bitmaps, switched by the ioctl, read
 * and zeroed in place by userspace (docs/families/switch-log.md). Its era's machine, as srcu-swap's: the
 * shadow MMU's locked fault path and a non-atomic bit set ({@link MachineConfig#ERA_2010}).
 */
public final class SwitchLogFamily extends ProgramFamily {

    public static final String ID = "switch-log";

    public SwitchLogFamily() {
        super(ID, "KVM_SWITCH_DIRTY_LOG: two userspace bitmaps switched by the ioctl (2010 proposal)",
                SwitchLogConfig.KEYS, MachineConfig.ERA_2010);
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return SwitchLogConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "KVM_SWITCH_DIRTY_LOG as proposed in 2010", machineDefaults(), defaultBounds(),
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
        Map<String, String> k = TlaModel.harvestConstants(v, c);
        k.put("MemslotLookup", TlaModel.str(c.memslotLookup().id()));
        return new TlaModel("SwitchLog", k, TlaModel.INVARIANTS);
    }
}
