package dirtyproof.variant;

import dirtyproof.model.Bounds;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One version of a dirty-logging protocol (DESIGN.md §3): the order of the harvest steps, what runs under
 * mmu_lock, the atomicity of the bitmap operations, the fault path, the flush, host writes and the bounds.
 * Every field but {@code name}, {@code protocol} and {@code expect} defaults to today's kernel.
 *
 * @param expect the expected verdict, or null when the variant states none
 * @param file   where the variant was read from, or null for an inline variant
 */
public record Variant(
        String name,
        Protocol protocol,
        String summary,
        List<HarvestStep> harvest,
        Set<HarvestStep> mmuLock,
        ClearOp clearOp,
        SetOp setOp,
        FaultPath faultPath,
        List<FaultStep> faultOrder,
        FlushMode flush,
        boolean hostWrites,
        Bounds bounds,
        Expect expect,
        String file) {

    /** Today's kernel: snapshot-clear, write-protect under mmu_lock, flush after dropping it, then copy. */
    public static final List<HarvestStep> DEFAULT_HARVEST = List.of(
            HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT, HarvestStep.FLUSH_TLB, HarvestStep.COPY_TO_USER);
    public static final Set<HarvestStep> DEFAULT_MMU_LOCK =
            EnumSet.of(HarvestStep.SNAPSHOT_CLEAR, HarvestStep.WRITE_PROTECT);
    public static final List<FaultStep> DEFAULT_FAULT_ORDER = List.of(FaultStep.MAKE_WRITABLE, FaultStep.MARK_DIRTY);

    public Variant {
        harvest = List.copyOf(harvest);
        mmuLock = mmuLock.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mmuLock));
        faultOrder = List.copyOf(faultOrder);
    }

    /** Today's kernel get-log, under the given name. */
    public static Variant kernelToday(String name) {
        return new Variant(name, Protocol.GET_LOG, "KVM_GET_DIRTY_LOG as the kernel does it since 2020",
                DEFAULT_HARVEST, DEFAULT_MMU_LOCK, ClearOp.XCHG, SetOp.ATOMIC, FaultPath.FAST, DEFAULT_FAULT_ORDER,
                FlushMode.SYNC, false, Bounds.DEFAULT, Expect.SAFE, null);
    }

    public Variant withBounds(Bounds b) {
        return new Variant(name, protocol, summary, harvest, mmuLock, clearOp, setOp, faultPath, faultOrder, flush,
                hostWrites, b, expect, file);
    }

    public Variant withHostWrites(boolean h) {
        return new Variant(name, protocol, summary, harvest, mmuLock, clearOp, setOp, faultPath, faultOrder, flush,
                h, bounds, expect, file);
    }

    /** True when the harvest step runs under mmu_lock. */
    public boolean locked(HarvestStep s) {
        return mmuLock.contains(s);
    }

    /** The variant as the YAML keys of a variant file, in file order (used by reports and `dirtyproof variants`). */
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("protocol", protocol.id());
        m.put("summary", summary);
        m.put("harvest", ids(harvest));
        m.put("mmu-lock", harvest.stream().filter(mmuLock::contains).map(HarvestStep::id).collect(Collectors.toList()));
        m.put("clear-op", clearOp.id());
        m.put("set-op", setOp.id());
        m.put("fault-path", faultPath.id());
        m.put("fault-order", ids(faultOrder));
        m.put("flush", flush.id());
        m.put("host-writes", hostWrites);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("pages", bounds.pages());
        b.put("pages-per-word", bounds.pagesPerWord());
        b.put("vcpus", bounds.vcpus());
        b.put("writes", bounds.writes());
        b.put("rounds", bounds.rounds());
        m.put("bounds", b);
        m.put("expect", expect == null ? null : expect.id());
        return m;
    }

    private static List<String> ids(List<? extends Choice> l) {
        List<String> r = new ArrayList<>();
        for (Choice c : l) {
            r.add(c.id());
        }
        return r;
    }

    /** One line: the keys that differ from today's kernel. */
    public String describe() {
        Map<String, Object> mine = keys();
        Map<String, Object> base = kernelToday(name).withBounds(bounds).keys();
        StringBuilder sb = new StringBuilder();
        for (var e : mine.entrySet()) {
            String k = e.getKey();
            if (k.equals("name") || k.equals("summary") || k.equals("expect") || k.equals("bounds") || k.equals("protocol")) {
                continue;
            }
            if (!java.util.Objects.equals(e.getValue(), base.get(k))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(e.getValue());
            }
        }
        return sb.length() == 0 ? "kernel defaults" : sb.toString();
    }
}
