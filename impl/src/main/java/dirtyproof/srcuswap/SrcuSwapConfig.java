package dirtyproof.srcuswap;

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
 * The srcu-swap keys of a variant (docs/families/srcu-swap.md).
 *
 * @param harvest       install-bitmap, synchronize-srcu, write-protect, flush-tlb, copy-to-user, in order
 * @param mmuLock       the steps done under mmu_lock (write-protect and flush-tlb at most)
 * @param memslotLookup where a marker looks up the memslot: cached (fault start) or under-lock (at the mark)
 */
public record SrcuSwapConfig(List<SrcuSwapStep> harvest, Set<SrcuSwapStep> mmuLock, MemslotLookup memslotLookup)
        implements FamilyConfig {

    public static final List<String> KEYS = List.of("harvest", "mmu-lock", "memslot-lookup");

    /** kvm_vm_ioctl_get_dirty_log after edde99ce0529 (2010). */
    public static final SrcuSwapConfig ERA = new SrcuSwapConfig(
            List.of(SrcuSwapStep.INSTALL_BITMAP, SrcuSwapStep.SYNCHRONIZE_SRCU, SrcuSwapStep.WRITE_PROTECT,
                    SrcuSwapStep.FLUSH_TLB, SrcuSwapStep.COPY_TO_USER),
            EnumSet.of(SrcuSwapStep.WRITE_PROTECT, SrcuSwapStep.FLUSH_TLB), MemslotLookup.CACHED);

    public SrcuSwapConfig {
        harvest = List.copyOf(harvest);
        mmuLock = mmuLock.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mmuLock));
    }

    static SrcuSwapConfig parse(KeyReader c) {
        List<SrcuSwapStep> harvest = c.steps("harvest", SrcuSwapStep.class, ERA.harvest());
        Set<SrcuSwapStep> mmuLock = EnumSet.noneOf(SrcuSwapStep.class);
        if (c.has("mmu-lock")) {
            for (SrcuSwapStep s : c.steps("mmu-lock", SrcuSwapStep.class, List.of())) {
                if (!harvest.contains(s)) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' is not in harvest " + KeyReader.idList(harvest)
                            + "; mmu-lock lists the harvest steps done under mmu_lock");
                }
                if (!s.lockable()) {
                    throw c.error("mmu-lock", "step '" + s.id() + "' cannot hold mmu_lock (synchronize_srcu"
                            + " sleeps; the install and copy_to_user ran outside it); valid: write-protect, flush-tlb");
                }
                mmuLock.add(s);
            }
        } else {
            for (SrcuSwapStep s : ERA.mmuLock()) {
                if (harvest.contains(s)) {
                    mmuLock.add(s);
                }
            }
        }
        MemslotLookup lookup = c.choice("memslot-lookup", MemslotLookup.class, ERA.memslotLookup());
        return new SrcuSwapConfig(harvest, mmuLock, lookup);
    }

    public boolean locked(SrcuSwapStep s) {
        return mmuLock.contains(s);
    }

    public List<SrcuSwapStep> lockedInOrder() {
        List<SrcuSwapStep> r = new ArrayList<>();
        for (SrcuSwapStep h : harvest) {
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
