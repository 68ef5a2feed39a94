package dirtyproof.jcstress.bitmap;

import dirtyproof.model.Bounds;
import dirtyproof.model.Machine;

/**
 * One word of {@code memslot->dirty_bitmap} holding two pages, p0 (bit 0) and p1 (bit 1), on the implementation's
 * {@link Machine}. The atomic operations are the Machine's own kernel primitives ({@link Machine#set_bit},
 * {@link Machine#xchg}); the non-atomic ones mirror, access for access, what the implementation does for
 * {@code set-op: non-atomic} ({@code Vcpu}/{@code HostWriter}: {@code mark-dirty.load}, {@code mark-dirty.store})
 * and {@code clear-op: load-store} ({@code Harvester}: {@code snapshot-clear.load}, {@code snapshot-clear.store}).
 */
final class BitmapWord {

    static final int P0 = 0;
    static final int P1 = 1;
    static final long BIT0 = 1L;
    static final long BIT1 = 2L;

    final Machine m = new Machine(new Bounds(2, 2, 1, 0, 0));

    /** set_bit_le: one atomic read-modify-write (set-op: atomic). */
    void setBit(int p) {
        m.set_bit(p);
    }

    /** __set_bit_le: a load, then a store of the loaded word with the bit (set-op: non-atomic). */
    void setBitNonAtomic(int p) {
        int w = m.bounds.wordOf(p);
        long loaded = m.dirtyBitmap.get(w);                 // mark-dirty.load
        m.dirtyBitmap.set(w, loaded | m.bounds.bitOf(p));   // mark-dirty.store
    }

    /** snap = xchg(&amp;dirty_bitmap[0], 0) (clear-op: xchg). */
    long clearXchg() {
        return m.xchg(0);
    }

    /** snap = dirty_bitmap[0]; if (snap) dirty_bitmap[0] = 0 (clear-op: load-store, before 2012). */
    long clearLoadStore() {
        long snap = m.dirtyBitmap.get(0);                   // snapshot-clear.load
        if (snap != 0) {
            m.dirtyBitmap.set(0, 0);                        // snapshot-clear.store
        }
        return snap;
    }

    long word() {
        return m.dirtyBitmap.get(0);
    }
}
