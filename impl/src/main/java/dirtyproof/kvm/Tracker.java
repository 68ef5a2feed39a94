package dirtyproof.kvm;

/**
 * How a protocol family records a dirty page: {@code mark_page_dirty_in_slot} as the family does it. The
 * get-log family sets a bit of the dirty bitmap ({@code set_bit_le}, or {@code __set_bit_le} as a load and a
 * store); the ring family pushes an entry onto the vCPU's dirty ring. The shared machine's writers (the vCPU
 * fault path, the host writer) run the marker's steps where the kernel calls mark_page_dirty_in_slot.
 */
public interface Tracker {

    /**
     * The marker of one writer: a vCPU ({@code vcpu} is its index) or the host writer ({@code vcpu} is -1,
     * or the index of the vCPU in whose context the host writes, as the family decides).
     */
    Marker marker(String actor, int vcpu);
}
