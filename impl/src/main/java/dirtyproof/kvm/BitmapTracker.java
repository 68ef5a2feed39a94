package dirtyproof.kvm;

import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Step;
import dirtyproof.variant.SetOp;

import java.util.List;
import java.util.function.IntFunction;

/**
 * mark_page_dirty_in_slot on a dirty bitmap: {@code set_bit_le} ({@code set-op: atomic}, one step
 * {@code mark-dirty}) or {@code __set_bit_le} ({@code set-op: non-atomic}: {@code mark-dirty.load} reads the
 * word into the writer's register, {@code mark-dirty.store} writes the register with the bit set, and
 * whatever another setter or a clear did to the word in between is overwritten). Shared by every bitmap
 * family; which bitmap a marking goes to is the family's choice ({@code bitmapFor}).
 */
public final class BitmapTracker implements Tracker {

    private static final List<Step> ATOMIC = List.of(Step.MARK_DIRTY);
    private static final List<Step> NON_ATOMIC = List.of(Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE);

    private final SetOp setOp;
    private final IntFunction<DirtyBitmap> bitmapFor;

    /** Marks the one bitmap. */
    public BitmapTracker(SetOp setOp, DirtyBitmap bitmap) {
        this(setOp, p -> bitmap);
    }

    /** Marks the bitmap {@code bitmapFor} gives for the page at the first step of each marking. */
    public BitmapTracker(SetOp setOp, IntFunction<DirtyBitmap> bitmapFor) {
        this.setOp = setOp;
        this.bitmapFor = bitmapFor;
    }

    @Override
    public Marker marker(String actor, int vcpu) {
        return new Marker() {
            private long loaded;
            private DirtyBitmap target;

            @Override
            public List<Step> steps() {
                return setOp == SetOp.ATOMIC ? ATOMIC : NON_ATOMIC;
            }

            @Override
            public boolean step(int k, int p) {
                switch (steps().get(k)) {
                    case MARK_DIRTY:
                        bitmapFor.apply(p).set_bit(p);
                        return true;
                    case MARK_DIRTY_LOAD:
                        target = bitmapFor.apply(p);
                        loaded = target.get(target.wordOf(p));
                        return true;
                    case MARK_DIRTY_STORE:
                        target.set(target.wordOf(p), loaded | target.bitOf(p));
                        return true;
                    default:
                        throw new IllegalStateException("not a bitmap marking step: " + steps().get(k));
                }
            }
        };
    }
}
