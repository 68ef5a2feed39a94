package dirtyproof.bitmaps;

import dirtyproof.variant.Choice;

/**
 * Where a marker looks up the memslot, and so which bitmap it marks (srcu-swap, switch-log): at the start of
 * its read section, outside mmu_lock ({@code cached}, as today's fault path caches fault->slot), or at the
 * marking itself ({@code under-lock}, as 2.6.3x's set_spte -> mark_page_dirty -> gfn_to_memslot did inside
 * mmu_lock).
 */
public enum MemslotLookup implements Choice {
    CACHED("cached"),
    UNDER_LOCK("under-lock");

    private final String id;

    MemslotLookup(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
