package dirtyproof.variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a variant that every protocol family shares (docs/variants.md, "Shared keys"): how the
 * kernel marks a page (set_bit or __set_bit), the fault path, its order and its lock, the harvest's lock
 * mode, what kind of lock mmu_lock is, how SPTEs are updated under a shared lock, the TLB flush and when it
 * is done, the aging actor, host writes.
 *
 * @param setOp       set_bit (atomic) or __set_bit (non-atomic) in mark_page_dirty_in_slot
 * @param faultPath   fast (lockless cmpxchg of the SPTE), locked (under mmu_lock) or mixed (each fault takes
 *                    the fast path or the TDP MMU's slow path, which marks first)
 * @param faultOrder  make-writable and mark-dirty, in the order of the fast and the locked path
 * @param faultLock   the mode of mmu_lock on the locked path and the slow path: exclusive, shared or none
 * @param harvestLock the mode of mmu_lock in a harvest's critical sections
 * @param mmuLockKind spinlock, mutex or rwlock: no interleaving changes, but only an rwlock has a shared mode
 * @param spteUpdate  atomic (cmpxchg) or plain (load, then store) SPTE updates under a shared mmu_lock
 * @param flush       sync (IPI and wait) or async (a request served at the vCPU's next exit)
 * @param flushWhen   when a harvest's flush step flushes: always, bits-consumed or spte-changed
 * @param aging       whether the access-tracking actor (mark_spte_for_access_track) clears W without a flush
 * @param hostWrites  whether kvm_write_guest writes guest memory and marks it, without mmu_lock
 */
public record MachineConfig(SetOp setOp, FaultPath faultPath, List<FaultStep> faultOrder, LockMode faultLock,
                            HarvestLock harvestLock, MmuLockKind mmuLockKind, SpteUpdate spteUpdate, FlushMode flush,
                            FlushWhen flushWhen, boolean aging, boolean hostWrites) {

    /** The keys, in documented order. */
    public static final List<String> KEYS = List.of("set-op", "fault-path", "fault-order", "fault-lock", "harvest-lock",
            "mmu-lock-kind", "spte-update", "flush", "flush-when", "aging", "host-writes");

    /**
     * The keys (and fault-path's value mixed, as {@code fault-path: mixed}) that a family must implement a part
     * of before its variants may use them ({@code Family.familyPartKeys}).
     */
    public static final java.util.Set<String> FAMILY_PART_KEYS = java.util.Set.of("fault-path: mixed", "fault-lock",
            "harvest-lock", "spte-update", "flush-when", "aging");

    /**
     * Today's kernel in the W-protect regime: set_bit, the fast path making the SPTE writable before marking,
     * one exclusive lock, a synchronous flush. flush-when is {@code always}: the flush step of every family
     * flushed unconditionally before the key existed, and a default keeps every catalog count as it was
     * (kvm_get_dirty_log_protect's own condition is bits-consumed; docs/variants.md says when they differ).
     */
    public static final MachineConfig TODAY = new MachineConfig(SetOp.ATOMIC, FaultPath.FAST,
            List.of(FaultStep.MAKE_WRITABLE, FaultStep.MARK_DIRTY), FlushMode.SYNC, false);

    /**
     * x86 KVM of 2009-2012 (srcu-swap's and switch-log's era): the shadow MMU's fault path under mmu_lock,
     * __set_bit in mark_page_dirty, a synchronous flush.
     */
    public static final MachineConfig ERA_2010 = new MachineConfig(SetOp.NON_ATOMIC, FaultPath.LOCKED,
            TODAY.faultOrder(), TODAY.flush(), false);

    public MachineConfig {
        faultOrder = List.copyOf(faultOrder);
    }

    /**
     * The keys that existed before the lock, SPTE-update, flush-when and aging keys; those take the values that
     * keep the machine as it was: exclusive locks of a spinlock, atomic updates, always flush, no aging.
     */
    public MachineConfig(SetOp setOp, FaultPath faultPath, List<FaultStep> faultOrder, FlushMode flush,
                         boolean hostWrites) {
        this(setOp, faultPath, faultOrder, LockMode.EXCLUSIVE, HarvestLock.EXCLUSIVE, MmuLockKind.SPINLOCK,
                SpteUpdate.ATOMIC, flush, FlushWhen.ALWAYS, false, hostWrites);
    }

    /** Reads the shared keys; an absent key takes its value from {@code defaults} (the family's era). */
    public static MachineConfig parse(KeyReader r, MachineConfig defaults) {
        SetOp setOp = r.choice("set-op", SetOp.class, defaults.setOp());
        FaultPath faultPath = r.choice("fault-path", FaultPath.class, defaults.faultPath());
        List<FaultStep> faultOrder = r.steps("fault-order", FaultStep.class, defaults.faultOrder());
        if (faultOrder.size() != FaultStep.values().length) {
            throw r.error("fault-order", "lists " + KeyReader.ids(faultOrder) + "; it must list make-writable and"
                    + " mark-dirty once each, in the order the fault path does them");
        }
        LockMode faultLock = r.choice("fault-lock", LockMode.class, defaults.faultLock());
        if (faultPath == FaultPath.FAST && faultLock != LockMode.EXCLUSIVE) {
            throw r.error("fault-lock", "is " + faultLock.id() + ", but fault-path: fast takes no mmu_lock; fault-lock"
                    + " is the lock mode of fault-path: locked and of the slow path of fault-path: mixed");
        }
        HarvestLock harvestLock = r.choice("harvest-lock", HarvestLock.class, defaults.harvestLock());
        MmuLockKind kind = r.choice("mmu-lock-kind", MmuLockKind.class, defaults.mmuLockKind());
        if (kind != MmuLockKind.RWLOCK) {
            String shared = faultLock == LockMode.SHARED ? "fault-lock" : harvestLock == HarvestLock.SHARED
                    ? "harvest-lock" : null;
            if (shared != null) {
                String why = "a " + kind.id() + " has no shared mode; shared needs mmu-lock-kind: rwlock";
                throw r.has("mmu-lock-kind")
                        ? r.error("mmu-lock-kind", "is " + kind.id() + ", but " + shared + " is shared: " + why
                        + " (valid choices: spinlock, mutex, rwlock)")
                        : r.error(shared, "is shared, but mmu-lock-kind is " + kind.id() + " (the default): " + why
                        + "; say mmu-lock-kind: rwlock, or make " + shared + " exclusive");
            }
        }
        SpteUpdate spteUpdate = r.choice("spte-update", SpteUpdate.class, defaults.spteUpdate());
        if (spteUpdate == SpteUpdate.PLAIN && faultPath == FaultPath.FAST) {
            throw r.error("spte-update", "is plain, but fault-path: fast updates SPTEs only by its cmpxchg"
                    + " (fast_pf_fix_direct_spte); spte-update is how the locked path and the slow path of"
                    + " fault-path: mixed install their SPTE");
        }
        FlushMode flush = r.choice("flush", FlushMode.class, defaults.flush());
        FlushWhen flushWhen = r.choice("flush-when", FlushWhen.class, defaults.flushWhen());
        boolean aging = r.bool("aging", defaults.aging());
        boolean hostWrites = r.bool("host-writes", defaults.hostWrites());
        return new MachineConfig(setOp, faultPath, faultOrder, faultLock, harvestLock, kind, spteUpdate, flush,
                flushWhen, aging, hostWrites);
    }

    /**
     * The family-part keys (see {@link #FAMILY_PART_KEYS}) this configuration gives a value other than the
     * machine's default, each as "key: value".
     */
    public java.util.Map<String, String> familyPartValues() {
        MachineConfig d = TODAY;
        java.util.Map<String, String> r = new LinkedHashMap<>();
        if (faultPath == FaultPath.MIXED) {
            r.put("fault-path: mixed", "fault-path");
        }
        if (faultLock != d.faultLock()) {
            r.put("fault-lock", "fault-lock");
        }
        if (harvestLock != d.harvestLock()) {
            r.put("harvest-lock", "harvest-lock");
        }
        if (spteUpdate != d.spteUpdate()) {
            r.put("spte-update", "spte-update");
        }
        if (flushWhen != d.flushWhen()) {
            r.put("flush-when", "flush-when");
        }
        if (aging != d.aging()) {
            r.put("aging", "aging");
        }
        return r;
    }

    public MachineConfig withHostWrites(boolean h) {
        return new MachineConfig(setOp, faultPath, faultOrder, faultLock, harvestLock, mmuLockKind, spteUpdate, flush,
                flushWhen, aging, h);
    }

    public MachineConfig withMmuLockKind(MmuLockKind k) {
        return new MachineConfig(setOp, faultPath, faultOrder, faultLock, harvestLock, k, spteUpdate, flush,
                flushWhen, aging, hostWrites);
    }

    public MachineConfig withFaultLock(LockMode l) {
        return new MachineConfig(setOp, faultPath, faultOrder, l, harvestLock, mmuLockKind, spteUpdate, flush,
                flushWhen, aging, hostWrites);
    }

    /** True when some path holds mmu_lock shared (which needs an rwlock). */
    public boolean sharedLocking() {
        return faultLock == LockMode.SHARED || harvestLock == HarvestLock.SHARED;
    }

    /** The keys as a variant file writes them. */
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set-op", setOp.id());
        m.put("fault-path", faultPath.id());
        m.put("fault-order", KeyReader.idList(faultOrder));
        m.put("fault-lock", faultLock.id());
        m.put("harvest-lock", harvestLock.id());
        m.put("mmu-lock-kind", mmuLockKind.id());
        m.put("spte-update", spteUpdate.id());
        m.put("flush", flush.id());
        m.put("flush-when", flushWhen.id());
        m.put("aging", aging);
        m.put("host-writes", hostWrites);
        return m;
    }
}
