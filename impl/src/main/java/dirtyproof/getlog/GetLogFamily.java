package dirtyproof.getlog;

import dirtyproof.family.Family;
import dirtyproof.family.FamilyConfig;
import dirtyproof.family.Op;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * get-log: KVM_GET_DIRTY_LOG with protect (kvm_get_dirty_log_protect, 2012 to today) -- snapshot and clear
 * the bitmap, write-protect the reported pages, flush the TLBs, copy the snapshot to userspace, in the order
 * and under the lock scope the variant says (docs/families/get-log.md).
 */
public final class GetLogFamily implements Family {

    public static final String ID = "get-log";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "KVM_GET_DIRTY_LOG with protect (kvm_get_dirty_log_protect)";
    }

    @Override
    public List<String> keys() {
        return GetLogConfig.KEYS;
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return GetLogConfig.parse(keys);
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "KVM_GET_DIRTY_LOG as the kernel does it since 2020", MachineConfig.TODAY,
                defaultBounds(), GetLogConfig.TODAY, null, null);
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.MARK_DIRTY, Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE, Step.SNAPSHOT_CLEAR,
                Step.SNAPSHOT_CLEAR_LOAD, Step.SNAPSHOT_CLEAR_STORE, Step.WRITE_PROTECT, Step.FLUSH_TLB,
                Step.COPY_TO_USER, Step.SEND, Step.PAUSE_VCPUS);
    }

    @Override
    public Migration start(Variant v) {
        return new GetLog(v);
    }

    /** DirtyLog.tla: the machine's constants, then Harvest, MmuLock and ClearOp. */
    @Override
    public TlaModel tla(Variant v) {
        GetLogConfig c = v.config(GetLogConfig.class);
        Map<String, String> k = TlaModel.harvestConstants(v, c);
        k.put("ClearOp", TlaModel.str(c.clearOp().id()));
        // no step of get-log tells one vCPU from another: they are a symmetry set, unless mmu_lock may be held
        // shared (its readers are the bits of a number, numbered vCPUs)
        TlaModel m = new TlaModel("DirtyLog", k, TlaModel.INVARIANTS);
        return TlaModel.vcpusMayBeSymmetric(v.machine()) ? m.withSymmetricVcpus(v.bounds().vcpus()) : m;
    }

    /** get-log has every one: the harvester and DirtyLog.tla use the machine's lock, flush and aging parts. */
    @Override
    public Set<String> familyPartKeys() {
        return MachineConfig.FAMILY_PART_KEYS;
    }

    /** Each step of mmu-lock, and the variant that does not take mmu_lock for it (its neighbours keep theirs). */
    @Override
    public Map<String, Variant> withoutLockSections(Variant v) {
        GetLogConfig c = v.config(GetLogConfig.class);
        Map<String, Variant> r = new LinkedHashMap<>();
        for (HarvestStep s : c.lockedInOrder()) {
            Set<HarvestStep> rest = EnumSet.noneOf(HarvestStep.class);
            rest.addAll(c.mmuLock());
            rest.remove(s);
            r.put("mmu-lock: " + s.id(), v.withConfig(new GetLogConfig(c.harvest(), rest, c.clearOp()))
                    .withName(v.name() + "-unlocked-" + s.id()));
        }
        return r;
    }

    /** One operation per live round: the scenarios may cut the migration side between rounds. */
    @Override
    public List<Op> liveRounds(Variant v) {
        return java.util.Collections.nCopies(v.bounds().rounds(), Op.liveRound(Harvester.NAME));
    }
}
