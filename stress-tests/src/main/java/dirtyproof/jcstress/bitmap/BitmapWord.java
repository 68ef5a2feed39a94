package dirtyproof.jcstress.bitmap;

import dirtyproof.kvm.BitmapTracker;
import dirtyproof.kvm.Marker;
import dirtyproof.model.Bounds;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.variant.SetOp;

/**
 * One word of {@code memslot->dirty_bitmap} holding two pages, p0 (bit 0) and p1 (bit 1), on the implementation's
 * {@link DirtyBitmap}. The atomic operations are its own kernel primitives ({@link DirtyBitmap#set_bit},
 * {@link DirtyBitmap#xchg}); {@code __set_bit} is the implementation's own marker for {@code set-op: non-atomic}
 * ({@link BitmapTracker}: {@code mark-dirty.load}, {@code mark-dirty.store}, one marker per writer, as each vCPU
 * and the host writer has its own); the load-then-store clear mirrors, access for access, what get-log's
 * harvester does for {@code clear-op: load-store} ({@code snapshot-clear.load}, {@code snapshot-clear.store}).
 */
final class BitmapWord {

    static final int P0 = 0;
    static final int P1 = 1;
    static final long BIT0 = 1L;
    static final long BIT1 = 2L;

    final DirtyBitmap m = new DirtyBitmap(new Bounds(2, 2, 1, 0, 0));
    private final BitmapTracker nonAtomic = new BitmapTracker(SetOp.NON_ATOMIC, m);
    private final Marker writer0 = nonAtomic.marker("vcpu0", 0);
    private final Marker writer1 = nonAtomic.marker("host", -1);

    /** set_bit_le: one atomic read-modify-write (set-op: atomic). */
    void setBit(int p) {
        m.set_bit(p);
    }

    /** __set_bit_le by writer 0 or 1: a load, then a store of the loaded word with the bit (set-op: non-atomic). */
    void setBitNonAtomic(int writer, int p) {
        Marker mk = writer == 0 ? writer0 : writer1;
        mk.step(0, p);   // mark-dirty.load
        mk.step(1, p);   // mark-dirty.store
    }

    /** snap = xchg(&amp;dirty_bitmap[0], 0) (clear-op: xchg). */
    long clearXchg() {
        return m.xchg(0);
    }

    /** snap = dirty_bitmap[0]; if (snap) dirty_bitmap[0] = 0 (clear-op: load-store, before 2012). */
    long clearLoadStore() {
        long snap = m.get(0);                   // snapshot-clear.load
        if (snap != 0) {
            m.set(0, 0);                        // snapshot-clear.store
        }
        return snap;
    }

    long word() {
        return m.get(0);
    }
}
