package dirtyproof.getlog;

import dirtyproof.family.FamilyConfig;
import dirtyproof.variant.ClearOp;
import dirtyproof.variant.KeyReader;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The get-log keys of a variant (docs/families/get-log.md).
 *
 * @param harvest the KVM_GET_DIRTY_LOG steps in the order the ioctl does them (any order, any subset)
 * @param mmuLock the harvest steps done under mmu_lock; neighbours in harvest share one critical section
 * @param clearOp xchg, or a load then a store, to snapshot and clear a bitmap word
 */
public record GetLogConfig(List<HarvestStep> harvest, Set<HarvestStep> mmuLock, ClearOp clearOp) implements FamilyConfig {

    /** The keys, in documented order. */
    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "clear-op");

    /** Today's kernel: snapshot-clear and write-protect under mmu_lock, the flush after dropping it, then the copy. */
    public static final GetLogConfig TODAY = new GetLogConfig(
            List.of(HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT, HarvestStep.FLUSH_TLB, HarvestStep.COPY_TO_USER),
            EnumSet.of(HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT), ClearOp.XCHG);

    public GetLogConfig {
        harvest = List.copyOf(harvest);
        mmuLock = mmuLock.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mmuLock));
    }

    /** Reads harvest, mmu-lock and clear-op; mmu-lock must name harvest steps (default: today's, within harvest). */
    static GetLogConfig parse(KeyReader c) {
        List<HarvestStep> harvest = c.steps("harvest", HarvestStep.class, TODAY.harvest());
        Set<HarvestStep> mmuLock;
        if (c.has("mmu-lock")) {
            List<HarvestStep> l = c.steps("mmu-lock", HarvestStep.class, List.of());
            for (HarvestStep s : l) {
                if (!harvest.contains(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' is not in harvest " + KeyReader.idList(harvest)
                            + "; mmu-lock lists the harvest steps done under mmu_lock");
                }
            }
            mmuLock = l.isEmpty() ? EnumSet.noneOf(HarvestStep.class) : EnumSet.copyOf(l);
        } else {
            mmuLock = EnumSet.noneOf(HarvestStep.class);
            for (HarvestStep s : TODAY.mmuLock()) {
                if (harvest.contains(s)) {
                    mmuLock.add(s);
                }
            }
        }
        c.within("mmu-lock", HarvestStep.class, "harvest");
        ClearOp clearOp = c.choice("clear-op", ClearOp.class, ClearOp.XCHG);
        return new GetLogConfig(harvest, mmuLock, clearOp);
    }

    /** True when the harvest step runs under mmu_lock. */
    public boolean locked(HarvestStep s) {
        return mmuLock.contains(s);
    }

    /** The mmu-lock steps in harvest order. */
    public List<HarvestStep> lockedInOrder() {
        List<HarvestStep> r = new ArrayList<>();
        for (HarvestStep h : harvest) {
            if (mmuLock.contains(h)) {
                r.add(h);
            }
        }
        return r;
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("harvest", KeyReader.idList(harvest));
        m.put("mmu-lock", KeyReader.idList(lockedInOrder()));
        m.put("clear-op", clearOp.id());
        return m;
    }
}
