package dirtyproof.srcuswap;

import dirtyproof.bitmaps.MemslotLookup;
import dirtyproof.family.HarvestConfig;
import dirtyproof.variant.KeyReader;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The srcu-swap keys of a variant (docs/families/srcu-swap.md).
 *
 * @param harvest       install-bitmap, synchronize-srcu, write-protect, flush-tlb, copy-to-user, in order
 * @param mmuLock       the steps done under mmu_lock (write-protect and flush-tlb at most)
 * @param memslotLookup where a marker looks up the memslot: cached (fault start) or under-lock (at the mark)
 */
public record SrcuSwapConfig(List<SrcuSwapStep> harvest, Set<SrcuSwapStep> mmuLock, MemslotLookup memslotLookup)
        implements HarvestConfig<SrcuSwapStep> {

    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "memslot-lookup");

    /** kvm_vm_ioctl_get_dirty_log after edde99ce0529 (2010). */
    public static final SrcuSwapConfig ERA = new SrcuSwapConfig(
            List.of(SrcuSwapStep.INSTALL_BITMAP, SrcuSwapStep.SYNCHRONIZE_SRCU, SrcuSwapStep.WRITE_PROTECT,
                    SrcuSwapStep.FLUSH_TLB, SrcuSwapStep.COPY_TO_USER),
            EnumSet.of(SrcuSwapStep.WRITE_PROTECT, SrcuSwapStep.FLUSH_TLB), MemslotLookup.CACHED);

    public SrcuSwapConfig {
        harvest = List.copyOf(harvest);
        mmuLock = HarvestConfig.copyOf(mmuLock);
    }

    static SrcuSwapConfig parse(KeyReader c) {
        List<SrcuSwapStep> harvest = c.steps("harvest", SrcuSwapStep.class, ERA.harvest());
        Set<SrcuSwapStep> mmuLock = HarvestConfig.parseMmuLock(c, SrcuSwapStep.class, harvest, ERA.mmuLock(),
                SrcuSwapStep::lockable, " (synchronize_srcu sleeps; the install and copy_to_user ran outside it)");
        MemslotLookup lookup = c.choice("memslot-lookup", MemslotLookup.class, ERA.memslotLookup());
        return new SrcuSwapConfig(harvest, mmuLock, lookup);
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = harvestKeys();
        m.put("memslot-lookup", memslotLookup.id());
        return m;
    }
}
