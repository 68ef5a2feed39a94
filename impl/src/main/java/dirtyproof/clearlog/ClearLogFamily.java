package dirtyproof.clearlog;

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
 * clear-log: KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 and KVM_CLEAR_DIRTY_LOG (2018), with QEMU's use of them --
 * GET copies the bitmap, CLEAR clears and write-protects only what userspace fetched, then userspace sends
 * (docs/families/clear-log.md).
 */
public final class ClearLogFamily extends ProgramFamily {

    public static final String ID = "clear-log";

    public ClearLogFamily() {
        super(ID, "KVM_GET_DIRTY_LOG + KVM_CLEAR_DIRTY_LOG with manual protection (kvm_clear_dirty_log_protect, 2018)",
                ClearLogConfig.KEYS, MachineConfig.TODAY);
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return ClearLogConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "KVM_CLEAR_DIRTY_LOG as QEMU drives it today", machineDefaults(),
                defaultBounds(), ClearLogConfig.TODAY, null, null);
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.MARK_DIRTY, Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE, Step.GET_COPY,
                Step.CLEAR_FETCHED, Step.CLEAR_FETCHED_LOAD, Step.CLEAR_FETCHED_STORE, Step.WRITE_PROTECT,
                Step.FLUSH_TLB, Step.SEND, Step.PAUSE_VCPUS);
    }

    @Override
    public Migration start(Variant v) {
        return new ClearLog(v);
    }

    /** ClearLog.tla: the machine's constants, then Harvest, MmuLock, ClearOp, ClearMask and InitiallySet. */
    @Override
    public TlaModel tla(Variant v) {
        ClearLogConfig c = v.config(ClearLogConfig.class);
        Map<String, String> k = TlaModel.harvestConstants(v, c);
        k.put("ClearOp", TlaModel.str(c.clearOp().id()));
        k.put("ClearMask", TlaModel.str(c.clearMask().id()));
        k.put("InitiallySet", TlaModel.bool(c.initiallySet()));
        return new TlaModel("ClearLog", k, TlaModel.INVARIANTS);
    }
}
