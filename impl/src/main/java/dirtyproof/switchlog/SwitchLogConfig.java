package dirtyproof.switchlog;

import dirtyproof.bitmaps.MemslotLookup;
import dirtyproof.family.FamilyConfig;
import dirtyproof.variant.KeyReader;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
        implements FamilyConfig {

    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "memslot-lookup");

    /** KVM_SWITCH_DIRTY_LOG as proposed in 2010 (seed 000). */
    public static final SwitchLogConfig ERA = new SwitchLogConfig(
            List.of(SwitchLogStep.SWITCH_BITMAP, SwitchLogStep.WAIT_READERS, SwitchLogStep.WRITE_PROTECT,
                    SwitchLogStep.FLUSH_TLB, SwitchLogStep.READ_OLD, SwitchLogStep.SEND, SwitchLogStep.CLEAR_OLD),
            EnumSet.of(SwitchLogStep.WRITE_PROTECT, SwitchLogStep.FLUSH_TLB), MemslotLookup.CACHED);

    public SwitchLogConfig {
        harvest = List.copyOf(harvest);
        mmuLock = mmuLock.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mmuLock));
    }

    static SwitchLogConfig parse(KeyReader c) {
        List<SwitchLogStep> harvest = c.steps("harvest", SwitchLogStep.class, ERA.harvest());
        Set<SwitchLogStep> mmuLock = EnumSet.noneOf(SwitchLogStep.class);
        if (c.has("mmu-lock")) {
            for (SwitchLogStep s : c.steps("mmu-lock", SwitchLogStep.class, List.of())) {
                if (!harvest.contains(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' is not in harvest " + KeyReader.idList(harvest)
                            + "; mmu-lock lists the harvest steps done under mmu_lock");
                }
                if (!s.lockable()) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' cannot hold mmu_lock (the wait sleeps; the"
                            + " switch and the rest are outside it); valid: write-protect, flush-tlb");
                }
                mmuLock.add(s);
            }
        } else {
            for (SwitchLogStep s : ERA.mmuLock()) {
                if (harvest.contains(s)) {
                    mmuLock.add(s);
                }
            }
        }
        MemslotLookup lookup = c.choice("memslot-lookup", MemslotLookup.class, ERA.memslotLookup());
        return new SwitchLogConfig(harvest, mmuLock, lookup);
    }

    public boolean locked(SwitchLogStep s) {
        return mmuLock.contains(s);
    }

    public List<SwitchLogStep> lockedInOrder() {
        List<SwitchLogStep> r = new ArrayList<>();
        for (SwitchLogStep h : harvest) {
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
        m.put("memslot-lookup", memslotLookup.id());
        return m;
    }
}
