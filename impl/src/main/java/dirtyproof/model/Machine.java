package dirtyproof.model;

import dirtyproof.variant.LockMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The state every protocol family shares (docs/model.md): guest memory, the destination, the SPTEs, the
 * TLBs, mmu_lock, flush requests and the pause. How a family records dirty pages (a bitmap, a ring) is
 * the family's own state. Every field a second actor
 * can touch is an atomic (a volatile access): the model must also run on real threads (jcstress, the
 * {@code MigrationRunner}) and under Lincheck, where only the atomicity written here is the atomicity there
 * is. Actor-private state (the snapshot, the user buffer, a vCPU's place in its fault path) lives in the
 * actors.
 *
 * <p>TLBs: {@code tlb[v]} is guarded by {@link #tlbLock(int) tlbLock(v)}. A guest write, a speculative walk and a
 * flush of vCPU v all hold it, which gives a synchronous flush its IPI semantics: when
 * {@code kvm_flush_remote_tlbs} returns, every guest write that used an old entry has completed.
 */
public final class Machine {

    /** {@code mmu_lock} holder value when free. */
    public static final int FREE = -1;
    /** {@code mmu_lock} holder value for the harvester (vCPUs hold it with their index). */
    public static final int HARVESTER = 1000;

    public final Bounds bounds;
    /** mem[p]: the page's content as a version, bumped by every write. */
    public final AtomicIntegerArray mem;
    /** dest[p]: what the destination holds. */
    public final AtomicIntegerArray dest;
    /** The SPTE's writable bit (PT_WRITABLE_MASK): 1 writable, 0 write-protected. */
    public final AtomicIntegerArray spteW;
    /** MMU-writable (shadow_mmu_writable_mask): the fast path may set W. Dirty logging never clears it. */
    public final AtomicIntegerArray spteMW;
    /**
     * kvm->mmu_lock: FREE, an exclusive holder (a vCPU index, or HARVESTER), or a set of shared holders
     * encoded below FREE ({@link #holderBit}). Take and drop it with {@link #tryMmuLock} and {@link #mmuUnlock}.
     */
    public final AtomicInteger mmuLock = new AtomicInteger(FREE);
    /** Pending asynchronous TLB flush per vCPU (KVM_REQ_TLB_FLUSH), 1 when pending. */
    public final AtomicIntegerArray flushPending;

    private final boolean[][] tlb;
    private final Object[] tlbLocks;
    private volatile boolean paused;

    /** The state right after dirty logging was enabled: dest = mem, W clear, TLBs empty, bitmap clear. */
    public Machine(Bounds bounds) {
        this.bounds = bounds;
        int n = bounds.pages();
        mem = new AtomicIntegerArray(n);
        dest = new AtomicIntegerArray(n);
        spteW = new AtomicIntegerArray(n);
        spteMW = new AtomicIntegerArray(n);
        for (int p = 0; p < n; p++) {
            spteMW.set(p, 1);
        }
        flushPending = new AtomicIntegerArray(bounds.vcpus());
        tlb = new boolean[bounds.vcpus()][n];
        tlbLocks = new Object[bounds.vcpus()];
        for (int v = 0; v < tlbLocks.length; v++) {
            tlbLocks[v] = new Object();
        }
    }

    /** The lock that makes vCPU v's guest steps atomic with respect to flushes of its TLB (IPI semantics). */
    public Object tlbLock(int v) {
        return tlbLocks[v];
    }

    /** Whether vCPU v caches a writable translation of p. Caller holds tlbLock(v). */
    public boolean tlbHas(int v, int p) {
        return tlb[v][p];
    }

    /** Caller holds tlbLock(v). */
    public void tlbFill(int v, int p) {
        tlb[v][p] = true;
    }

    /** Drops every entry of vCPU v's TLB. Caller holds tlbLock(v). */
    public void tlbFlushLocal(int v) {
        Arrays.fill(tlb[v], false);
    }

    /** A copy of vCPU v's TLB, for reports and state comparison. */
    public boolean[] tlbSnapshot(int v) {
        synchronized (tlbLocks[v]) {
            return tlb[v].clone();
        }
    }

    public boolean paused() {
        return paused;
    }

    /**
     * pause-vcpus, called with every tlbLock held so that no guest step straddles it: every vCPU is kicked out
     * of guest mode for good, and serves on its way out the asynchronous flush it still had pending.
     */
    public void pauseVcpus() {
        paused = true;
        for (int v = 0; v < bounds.vcpus(); v++) {
            if (flushPending.get(v) == 1) {
                tlbFlushLocal(v);
                flushPending.set(v, 0);
            }
        }
    }

    // --- mmu_lock: free, one exclusive holder, or a set of shared holders ------------------------------

    /**
     * A holder's bit in a shared mmu_lock: vCPU v has bit v, the harvester bit {@code vcpus}. mmu_lock held
     * shared by a set S of holders is {@code FREE - (sum of their bits)}, so FREE is "shared by no one", a
     * family that takes the lock only exclusively keeps comparing it with FREE, and DirtyMachine.tla's
     * mmu_lock has the same value.
     */
    public int holderBit(int holder) {
        if (holder == HARVESTER) {
            return 1 << bounds.vcpus();
        }
        if (holder < 0 || holder >= bounds.vcpus()) {
            throw new IllegalArgumentException("holder " + holder + " cannot hold mmu_lock shared: only the vCPUs and"
                    + " the harvester (" + HARVESTER + ") can");
        }
        return 1 << holder;
    }

    /** Whether mmu_lock can be taken now in mode: exclusive when free, shared when no one holds it exclusively. */
    public boolean mmuLockAvailable(LockMode mode) {
        int l = mmuLock.get();
        switch (mode) {
            case EXCLUSIVE:
                return l == FREE;
            case SHARED:
                return l <= FREE;
            default:
                return true;
        }
    }

    /** Takes mmu_lock for holder in mode if it is available now; mode none takes nothing and succeeds. */
    public boolean tryMmuLock(int holder, LockMode mode) {
        switch (mode) {
            case EXCLUSIVE:
                return mmuLock.compareAndSet(FREE, holder);
            case SHARED:
                int bit = holderBit(holder);
                while (true) {
                    int l = mmuLock.get();
                    if (l > FREE) {
                        return false;
                    }
                    if (((FREE - l) & bit) != 0) {
                        throw new IllegalStateException("holder " + holder + " already holds mmu_lock shared");
                    }
                    if (mmuLock.compareAndSet(l, l - bit)) {
                        return true;
                    }
                }
            default:
                return true;
        }
    }

    /** Drops holder's hold of mmu_lock, taken in mode. */
    public void mmuUnlock(int holder, LockMode mode) {
        switch (mode) {
            case EXCLUSIVE:
                if (!mmuLock.compareAndSet(holder, FREE)) {
                    throw new IllegalStateException("holder " + holder + " drops mmu_lock, held by " + mmuLock.get());
                }
                break;
            case SHARED:
                int bit = holderBit(holder);
                while (true) {
                    int l = mmuLock.get();
                    if (l > FREE || ((FREE - l) & bit) == 0) {
                        throw new IllegalStateException("holder " + holder + " drops a shared mmu_lock it does not hold ("
                                + l + ")");
                    }
                    if (mmuLock.compareAndSet(l, l + bit)) {
                        break;
                    }
                }
                break;
            default:
        }
    }

    /** The holders of a shared mmu_lock, ascending (HARVESTER last); empty when free or held exclusively. */
    public List<Integer> mmuReaders() {
        List<Integer> r = new ArrayList<>();
        int l = mmuLock.get();
        if (l < FREE) {
            for (int v = 0; v < bounds.vcpus(); v++) {
                if (((FREE - l) & (1 << v)) != 0) {
                    r.add(v);
                }
            }
            if (((FREE - l) & (1 << bounds.vcpus())) != 0) {
                r.add(HARVESTER);
            }
        }
        return r;
    }

    /** mmu_lock as reports say it: free, held by vcpu0, harvester, or shared by vcpu0, harvester. */
    public String describeMmuLock() {
        int l = mmuLock.get();
        if (l == FREE) {
            return "free";
        }
        if (l > FREE) {
            return holderName(l);
        }
        StringBuilder sb = new StringBuilder("shared by ");
        List<Integer> rs = mmuReaders();
        for (int i = 0; i < rs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(holderName(rs.get(i)));
        }
        return sb.toString();
    }

    private static String holderName(int h) {
        return h == HARVESTER ? "harvester" : h >= HARVESTER ? "holder " + h : "vcpu" + h;
    }

    /** The first page of bitmap word w. */
    public int firstPage(int w) {
        return w * bounds.pagesPerWord();
    }

    /**
     * The pages set in mask (a word of word index w), ascending. A plain loop, not a stream: Lincheck's
     * agent instruments this code and cannot transform the lambda classes of a stream.
     */
    public int[] pagesOf(int w, long mask) {
        int from = firstPage(w);
        int to = Math.min(bounds.pages(), from + bounds.pagesPerWord());
        int[] r = new int[Long.bitCount(mask)];
        int n = 0;
        for (int p = from; p < to; p++) {
            if ((mask & bounds.bitOf(p)) != 0) {
                r[n++] = p;
            }
        }
        return n == r.length ? r : java.util.Arrays.copyOf(r, n);
    }

    /**
     * The machine's variables under their TLA+ names (DirtyMachine.tla), for the step-by-step comparison
     * with a TLC trace: mem, dest, W, tlb, mmu_lock, flushReq, paused.
     */
    public Map<String, Object> observe() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mem", ints(mem));
        r.put("dest", ints(dest));
        Map<Long, Object> w = new LinkedHashMap<>();
        for (int p = 0; p < bounds.pages(); p++) {
            w.put((long) p, spteW.get(p) == 1);
        }
        r.put("W", w);
        Map<Long, Object> t = new LinkedHashMap<>();
        Map<Long, Object> f = new LinkedHashMap<>();
        for (int v = 0; v < bounds.vcpus(); v++) {
            boolean[] held = tlbSnapshot(v);
            Set<Long> s = new LinkedHashSet<>();
            for (int p = 0; p < held.length; p++) {
                if (held[p]) {
                    s.add((long) p);
                }
            }
            t.put((long) v, s);
            f.put((long) v, flushPending.get(v) == 1);
        }
        r.put("tlb", t);
        r.put("mmu_lock", (long) mmuLock.get());
        r.put("flushReq", f);
        r.put("paused", paused);
        return r;
    }

    private Map<Long, Object> ints(AtomicIntegerArray a) {
        Map<Long, Object> r = new LinkedHashMap<>();
        for (int p = 0; p < a.length(); p++) {
            r.put((long) p, (long) a.get(p));
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("mem=").append(mem).append(" dest=").append(dest).append(" W=").append(spteW).append(" tlb=[");
        for (int v = 0; v < bounds.vcpus(); v++) {
            sb.append(v == 0 ? "" : ",").append(Arrays.toString(tlbSnapshot(v)));
        }
        return sb.append("] mmu_lock=").append(describeMmuLock()).append(paused ? " paused" : "").toString();
    }
}
