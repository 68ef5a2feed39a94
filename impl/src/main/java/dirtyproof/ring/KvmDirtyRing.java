package dirtyproof.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One vCPU's struct kvm_dirty_ring (include/linux/kvm_dirty_ring.h, virt/kvm/dirty_ring.c): an array of
 * struct kvm_dirty_gfn {flags, slot, offset} shared with userspace, and the kernel-private free-running
 * dirty_index and reset_index. One memslot, so an entry's slot/offset is the page ({@link #gfn}).
 *
 * <p>The flags are where the kernel and userspace hand entries to each other, so they are accessed with the
 * barriers the code has: {@code smp_wmb()} before the push's flag store (a release store), QEMU's
 * {@code qatomic_load_acquire}/{@code qatomic_store_release} when collecting, the kernel's
 * {@code smp_load_acquire}/{@code smp_store_release} when resetting. A variant that drops a barrier (push-order
 * [flag, fields], collect-order with read-gfn before load-flag) uses the plain access instead, so that
 * jcstress runs the Java memory model on exactly the ordering the variant leaves.
 *
 * <p>This class is the data structure only: which actor may call what, and when, is the actors' business.
 * Its entries are zero at the start, as vzalloc leaves them: flags 0 (invalid), gfn 0.
 */
public final class KvmDirtyRing {

    /** KVM_DIRTY_GFN_F_DIRTY, BIT(0). */
    public static final int DIRTY = 1;
    /** KVM_DIRTY_GFN_F_RESET, BIT(1). */
    public static final int RESET = 2;
    /** An invalid (free) entry. */
    public static final int INVALID = 0;

    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle GFN = MethodHandles.arrayElementVarHandle(int[].class);

    public final int size;
    private final int[] flags;
    private final int[] gfn;
    /** Written by the ring's one producer (its vCPU thread), read by it. */
    private volatile int dirtyIndex;
    /** Written by KVM_RESET_DIRTY_RINGS under slots_lock, read by the vCPU (READ_ONCE in kvm_dirty_ring_used). */
    private volatile int resetIndex;

    public KvmDirtyRing(int size) {
        if (size < 1 || (size & (size - 1)) != 0) {
            throw new IllegalArgumentException("ring size " + size + " is not a power of two");
        }
        this.size = size;
        this.flags = new int[size];
        this.gfn = new int[size];
    }

    public int dirtyIndex() {
        return dirtyIndex;
    }

    public int resetIndex() {
        return resetIndex;
    }

    /** kvm_dirty_ring_used: dirty_index - reset_index as u32 (a reset_index ahead wraps to a huge use). */
    public long used() {
        return Integer.toUnsignedLong(dirtyIndex - resetIndex);
    }

    /** The entry index of a free-running counter: index & (size - 1). */
    public int slot(int index) {
        return index & (size - 1);
    }

    // --- the producer: kvm_dirty_ring_push ------------------------------------------------------

    /** The entry the next push writes (on a full ring, the oldest entry not yet reset). */
    public int pushSlot() {
        return slot(dirtyIndex);
    }

    /** entry->slot = slot; entry->offset = offset: a plain store. */
    public void pushFields(int page) {
        GFN.set(gfn, pushSlot(), page);
    }

    /**
     * kvm_dirty_gfn_set_dirtied(entry): with the smp_wmb before it a release store, which orders the fields
     * stored before it; plain when the variant stores the flag first.
     */
    public void pushFlag(boolean release) {
        if (release) {
            FLAGS.setRelease(flags, pushSlot(), DIRTY);
        } else {
            FLAGS.set(flags, pushSlot(), DIRTY);
        }
    }

    /** ring->dirty_index++, the end of a push. */
    public void pushDone() {
        dirtyIndex = dirtyIndex + 1;
    }

    // --- userspace: QEMU's kvm_dirty_ring_reap_one -------------------------------------------------

    /** The flags of the entry at a free-running index, with load-acquire or plain. */
    public int loadFlags(int index, boolean acquire) {
        return acquire ? (int) FLAGS.getAcquire(flags, slot(index)) : (int) FLAGS.get(flags, slot(index));
    }

    /** The entry's slot/offset: a plain load. */
    public int readGfn(int index) {
        return (int) GFN.get(gfn, slot(index));
    }

    /** dirty_gfn_set_collected: store-release of RESET. */
    public void markReset(int index) {
        FLAGS.setRelease(flags, slot(index), RESET);
    }

    // --- the kernel's reset: kvm_dirty_ring_reset ---------------------------------------------------

    /** kvm_dirty_gfn_set_invalid (smp_store_release of 0) of the entry at reset_index, and reset_index++. */
    public void invalidate() {
        FLAGS.setRelease(flags, slot(resetIndex), INVALID);
        resetIndex = resetIndex + 1;
    }

    // --- for reports and the comparison with TLC's states ------------------------------------------

    /** The flags of entry s (not an index: an entry of the array), plainly. */
    public int flagsAt(int s) {
        return (int) FLAGS.getVolatile(flags, s);
    }

    public int gfnAt(int s) {
        return (int) GFN.getVolatile(gfn, s);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int s = 0; s < size; s++) {
            int f = flagsAt(s);
            sb.append(s == 0 ? "" : " ").append(f == DIRTY ? "D" : f == RESET ? "R" : "-").append("p").append(gfnAt(s));
        }
        return sb.append("] dirty_index=").append(dirtyIndex).append(" reset_index=").append(resetIndex).toString();
    }
}
