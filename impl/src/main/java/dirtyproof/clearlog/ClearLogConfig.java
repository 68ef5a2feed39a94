package dirtyproof.clearlog;

import dirtyproof.family.HarvestConfig;
import dirtyproof.variant.ClearOp;
import dirtyproof.variant.KeyReader;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clear-log keys of a variant (docs/families/clear-log.md).
 *
 * @param harvest      get-copy, clear-fetched, write-protect, flush-tlb and send, in the order they are done
 * @param mmuLock      the steps of KVM_CLEAR_DIRTY_LOG done under mmu_lock; neighbours share a critical section
 * @param clearOp      atomic_long_fetch_andnot (xchg), or a load and a store of the word
 * @param clearMask    the bits userspace passes to KVM_CLEAR_DIRTY_LOG: those it fetched, or all
 * @param initiallySet KVM_DIRTY_LOG_INITIALLY_SET: the bitmap starts all ones, no page write-protected
 */
public record ClearLogConfig(List<ClearLogStep> harvest, Set<ClearLogStep> mmuLock, ClearOp clearOp,
                             ClearMask clearMask, boolean initiallySet) implements HarvestConfig<ClearLogStep> {

    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "clear-op", "clear-mask", "initially-set");

    /** QEMU and the kernel today: GET, CLEAR (fetch_andnot and protect under mmu_lock, flush), then send. */
    public static final ClearLogConfig TODAY = new ClearLogConfig(
            List.of(ClearLogStep.GET_COPY, ClearLogStep.CLEAR_FETCHED, ClearLogStep.WRITE_PROTECT,
                    ClearLogStep.FLUSH_TLB, ClearLogStep.SEND),
            EnumSet.of(ClearLogStep.CLEAR_FETCHED, ClearLogStep.WRITE_PROTECT), ClearOp.XCHG, ClearMask.FETCHED, false);

    public ClearLogConfig {
        harvest = List.copyOf(harvest);
        mmuLock = HarvestConfig.copyOf(mmuLock);
    }

    static ClearLogConfig parse(KeyReader c) {
        List<ClearLogStep> harvest = c.steps("harvest", ClearLogStep.class, TODAY.harvest());
        Set<ClearLogStep> mmuLock = HarvestConfig.parseMmuLock(c, ClearLogStep.class, harvest, TODAY.mmuLock(),
                ClearLogStep::lockable, ": only the steps of KVM_CLEAR_DIRTY_LOG can");
        ClearOp clearOp = c.choice("clear-op", ClearOp.class, TODAY.clearOp());
        ClearMask clearMask = c.choice("clear-mask", ClearMask.class, TODAY.clearMask());
        boolean initiallySet = c.bool("initially-set", TODAY.initiallySet());
        return new ClearLogConfig(harvest, mmuLock, clearOp, clearMask, initiallySet);
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = harvestKeys();
        m.put("clear-op", clearOp.id());
        m.put("clear-mask", clearMask.id());
        m.put("initially-set", initiallySet);
        return m;
    }
}
