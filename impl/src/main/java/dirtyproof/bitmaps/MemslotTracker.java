package dirtyproof.bitmaps;

import dirtyproof.kvm.HostWriter;
import dirtyproof.kvm.Marker;
import dirtyproof.kvm.Tracker;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.model.Step;
import dirtyproof.variant.SetOp;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * mark_page_dirty through a memslot that the migration side replaces while writers run (srcu-swap's
 * rcu_assign_pointer of copied memslots, switch-log's switch of the active userspace bitmap). Which bitmap a
 * marking sets depends on when its writer looked the memslot up:
 *
 * <ul>
 *   <li>{@link MemslotLookup#CACHED}: when its read section began -- the vCPU's EPT violation (today's
 *       fault path caches fault->slot before taking mmu_lock), the host's write;</li>
 *   <li>{@link MemslotLookup#UNDER_LOCK}: at the marking's first step (2.6.3x's set_spte -> mark_page_dirty
 *       -> gfn_to_memslot, inside mmu_lock for faults).</li>
 * </ul>
 *
 * Each writer's read section (SRCU's srcu_read_lock .. srcu_read_unlock around the fault or the host write) is
 * tracked so that the migration side can wait for the sections that began before it replaced the memslot
 * ({@link #startWaiting}, {@link #waiting}): synchronize-srcu, wait-readers. Writers are numbered as the TLA+
 * modules number them: vCPU v is v, the host writer is {@code vcpus}.
 *
 * <p>State per writer, one atomic int: bit 1 "in a read section", bit 2 "the migration side waits for this
 * section". A writer's begin sets 1 before it looks the memslot up; the migration side marks a writer waited
 * for only with a compareAndSet from exactly 1, so a section that ended is never waited for.
 */
public final class MemslotTracker implements Tracker {

    private static final int IN_SECTION = 1;
    private static final int WAITED = 2;
    private static final List<Step> ATOMIC = List.of(Step.MARK_DIRTY);
    private static final List<Step> NON_ATOMIC = List.of(Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE);

    private final SetOp setOp;
    private final MemslotLookup lookup;
    private final AtomicInteger current;
    private final IntFunction<DirtyBitmap> bitmapOf;
    private final int vcpus;
    private final AtomicIntegerArray state;
    /** The memslot (generation or bitmap index) each writer looked up, -1 while it holds none. */
    private final AtomicIntegerArray slot;

    /**
     * @param current  the installed memslot: srcu-swap's generation, switch-log's active bitmap
     * @param bitmapOf the bitmap of a memslot
     */
    public MemslotTracker(SetOp setOp, MemslotLookup lookup, AtomicInteger current, IntFunction<DirtyBitmap> bitmapOf,
                          int vcpus) {
        this.setOp = setOp;
        this.lookup = lookup;
        this.current = current;
        this.bitmapOf = bitmapOf;
        this.vcpus = vcpus;
        this.state = new AtomicIntegerArray(vcpus + 1);
        this.slot = new AtomicIntegerArray(vcpus + 1);
        for (int i = 0; i <= vcpus; i++) {
            slot.set(i, -1);
        }
    }

    /** The writer number of the host writer. */
    public int host() {
        return vcpus;
    }

    /**
     * The memslot replace just happened: every writer now in its read section may hold the old memslot; wait
     * for each of those sections (and only those) to end.
     */
    public void startWaiting() {
        for (int i = 0; i <= vcpus; i++) {
            state.compareAndSet(i, IN_SECTION, IN_SECTION | WAITED);
        }
    }

    /** True while some section the last {@link #startWaiting} waits for has not ended. */
    public boolean waiting() {
        for (int i = 0; i <= vcpus; i++) {
            if ((state.get(i) & WAITED) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether writer i's section is waited for (TLA+ srcuWait / readers, srcuHost / hostReader). */
    public boolean waitedFor(int i) {
        return (state.get(i) & WAITED) != 0;
    }

    /** The memslot writer i looked up, or -1 (TLA+ memslot[v], hostMemslot). */
    public int slotOf(int i) {
        return slot.get(i);
    }

    /** The memslot the writer {@code vcpuN} or {@code host} looked up, or -1. */
    public int slotOf(String actor) {
        return slotOf(actor.equals(HostWriter.NAME) ? host() : Integer.parseInt(actor.substring(4)));
    }

    /**
     * The read sections and lookups as the TLA+ modules name them: the vCPUs whose section is waited for
     * ({@code waited}: srcu-swap's srcuWait, switch-log's readers) and whether the host's is ({@code hostWaited}),
     * then {@code memslot} and {@code hostMemslot}.
     */
    public void observe(Map<String, Object> into, String waited, String hostWaited) {
        Set<Long> wait = new LinkedHashSet<>();
        Map<Object, Object> slots = new LinkedHashMap<>();
        for (int v = 0; v < vcpus; v++) {
            if (waitedFor(v)) {
                wait.add((long) v);
            }
            slots.put((long) v, (long) slotOf(v));
        }
        into.put(waited, wait);
        into.put(hostWaited, waitedFor(host()));
        into.put("memslot", slots);
        into.put("hostMemslot", (long) slotOf(host()));
    }

    @Override
    public Marker marker(String actor, int vcpu) {
        int me = vcpu < 0 ? vcpus : vcpu;
        return new Marker() {
            private long loaded;

            @Override
            public List<Step> steps() {
                return setOp == SetOp.ATOMIC ? ATOMIC : NON_ATOMIC;
            }

            @Override
            public void begin(int p) {
                state.set(me, IN_SECTION);
                if (lookup == MemslotLookup.CACHED) {
                    slot.set(me, current.get());
                }
            }

            @Override
            public void end() {
                slot.set(me, -1);
                state.set(me, 0);
            }

            /** The memslot the first step of a marking uses. */
            private int lookupNow() {
                if (lookup == MemslotLookup.UNDER_LOCK) {
                    slot.set(me, current.get());
                }
                return slot.get(me);
            }

            @Override
            public boolean step(int k, int p) {
                switch (steps().get(k)) {
                    case MARK_DIRTY:
                        bitmapOf.apply(lookupNow()).set_bit(p);
                        return true;
                    case MARK_DIRTY_LOAD: {
                        DirtyBitmap b = bitmapOf.apply(lookupNow());
                        loaded = b.get(b.wordOf(p));
                        return true;
                    }
                    case MARK_DIRTY_STORE: {
                        DirtyBitmap b = bitmapOf.apply(slot.get(me));
                        b.set(b.wordOf(p), loaded | b.bitOf(p));
                        return true;
                    }
                    default:
                        throw new IllegalStateException("not a bitmap marking step: " + steps().get(k));
                }
            }
        };
    }
}
