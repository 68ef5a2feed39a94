package dirtyproof.getlog;

import dirtyproof.family.HarvestConfig;
import dirtyproof.variant.ClearOp;
import dirtyproof.variant.KeyReader;

import java.util.EnumSet;
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
public record GetLogConfig(List<HarvestStep> harvest, Set<HarvestStep> mmuLock, ClearOp clearOp)
        implements HarvestConfig<HarvestStep> {

    /** The keys, in documented order. */
    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "clear-op");

    /** Today's kernel: snapshot-clear and write-protect under mmu_lock, the flush after dropping it, then the copy. */
    public static final GetLogConfig TODAY = new GetLogConfig(
            List.of(HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT, HarvestStep.FLUSH_TLB, HarvestStep.COPY_TO_USER),
            EnumSet.of(HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT), ClearOp.XCHG);

    public GetLogConfig {
        harvest = List.copyOf(harvest);
        mmuLock = HarvestConfig.copyOf(mmuLock);
    }

    /** Reads harvest, mmu-lock and clear-op; mmu-lock must name harvest steps (default: today's, within harvest). */
    static GetLogConfig parse(KeyReader c) {
        List<HarvestStep> harvest = c.steps("harvest", HarvestStep.class, TODAY.harvest());
        Set<HarvestStep> mmuLock = HarvestConfig.parseMmuLock(c, HarvestStep.class, harvest, TODAY.mmuLock());
        c.within("mmu-lock", HarvestStep.class, "harvest");
        ClearOp clearOp = c.choice("clear-op", ClearOp.class, ClearOp.XCHG);
        return new GetLogConfig(harvest, mmuLock, clearOp);
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = harvestKeys();
        m.put("clear-op", clearOp.id());
        return m;
    }
}
