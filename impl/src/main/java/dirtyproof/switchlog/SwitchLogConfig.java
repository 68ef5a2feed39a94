package dirtyproof.switchlog;

import dirtyproof.bitmaps.MemslotLookup;
import dirtyproof.family.HarvestConfig;
import dirtyproof.variant.KeyReader;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The switch-log keys of a variant (docs/families/switch-log.md).
 *
 * @param harvest       switch-bitmap, wait-readers, write-protect, flush-tlb, read-old, send, clear-old, in order
 * @param mmuLock       the steps done under mmu_lock (write-protect and flush-tlb at most)
 * @param memslotLookup where a marker looks up the memslot: cached (fault start) or under-lock (at the mark)
 */
public record SwitchLogConfig(List<SwitchLogStep> harvest, Set<SwitchLogStep> mmuLock, MemslotLookup memslotLookup)
        implements HarvestConfig<SwitchLogStep> {

    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "memslot-lookup");

    /** KVM_SWITCH_DIRTY_LOG as proposed in 2010 (seed 000). */
    public static final SwitchLogConfig ERA = new SwitchLogConfig(
            List.of(SwitchLogStep.SWITCH_BITMAP, SwitchLogStep.WAIT_READERS, SwitchLogStep.WRITE_PROTECT,
                    SwitchLogStep.FLUSH_TLB, SwitchLogStep.READ_OLD, SwitchLogStep.SEND, SwitchLogStep.CLEAR_OLD),
            EnumSet.of(SwitchLogStep.WRITE_PROTECT, SwitchLogStep.FLUSH_TLB), MemslotLookup.CACHED);

    public SwitchLogConfig {
        harvest = List.copyOf(harvest);
        mmuLock = HarvestConfig.copyOf(mmuLock);
    }

    static SwitchLogConfig parse(KeyReader c) {
        List<SwitchLogStep> harvest = c.steps("harvest", SwitchLogStep.class, ERA.harvest());
        Set<SwitchLogStep> mmuLock = HarvestConfig.parseMmuLock(c, SwitchLogStep.class, harvest, ERA.mmuLock(),
                SwitchLogStep::lockable, " (the wait sleeps; the switch and the rest are outside it)");
        MemslotLookup lookup = c.choice("memslot-lookup", MemslotLookup.class, ERA.memslotLookup());
        return new SwitchLogConfig(harvest, mmuLock, lookup);
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = harvestKeys();
        m.put("memslot-lookup", memslotLookup.id());
        return m;
    }
}
