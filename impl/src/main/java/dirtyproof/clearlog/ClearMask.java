package dirtyproof.clearlog;

import dirtyproof.variant.Choice;

/**
 * What userspace passes to KVM_CLEAR_DIRTY_LOG: the bits it fetched ({@code fetched}, QEMU's dirty_bmap since
 * 9f4bf4baa8b8), or every bit of the range ({@code all}), which clears bits set after the GET.
 */
public enum ClearMask implements Choice {
    FETCHED("fetched"),
    ALL("all");

    private final String id;

    ClearMask(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
