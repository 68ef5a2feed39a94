package dirtyproof.variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a variant that every protocol family shares (docs/variants.md, "Shared keys"): how the
 * kernel marks a page (set_bit or __set_bit), the fault path and its order, the TLB flush, host writes.
 *
 * @param setOp      set_bit (atomic) or __set_bit (non-atomic) in mark_page_dirty_in_slot
 * @param faultPath  fast (lockless cmpxchg of the SPTE) or locked (under mmu_lock)
 * @param faultOrder make-writable and mark-dirty, in the fault path's order
 * @param flush      sync (IPI and wait) or async (a request served at the vCPU's next exit)
 * @param hostWrites whether kvm_write_guest writes guest memory and marks it, without mmu_lock
 */
public record MachineConfig(SetOp setOp, FaultPath faultPath, List<FaultStep> faultOrder, FlushMode flush,
                            boolean hostWrites) {

    /** The keys, in documented order. */
    public static final List<String> KEYS = List.of("set-op", "fault-path", "fault-order", "flush", "host-writes");

    /** Today's kernel: set_bit, the fast path making the SPTE writable before marking, a synchronous flush. */
    public static final MachineConfig TODAY = new MachineConfig(SetOp.ATOMIC, FaultPath.FAST,
            List.of(FaultStep.MAKE_WRITABLE, FaultStep.MARK_DIRTY), FlushMode.SYNC, false);

    public MachineConfig {
        faultOrder = List.copyOf(faultOrder);
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
        FlushMode flush = r.choice("flush", FlushMode.class, defaults.flush());
        boolean hostWrites = r.bool("host-writes", defaults.hostWrites());
        return new MachineConfig(setOp, faultPath, faultOrder, flush, hostWrites);
    }

    public MachineConfig withHostWrites(boolean h) {
        return new MachineConfig(setOp, faultPath, faultOrder, flush, h);
    }

    /** The keys as a variant file writes them. */
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set-op", setOp.id());
        m.put("fault-path", faultPath.id());
        m.put("fault-order", KeyReader.idList(faultOrder));
        m.put("flush", flush.id());
        m.put("host-writes", hostWrites);
        return m;
    }
}
