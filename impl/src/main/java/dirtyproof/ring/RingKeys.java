package dirtyproof.ring;

import dirtyproof.family.FamilyConfig;
import dirtyproof.ring.RingConfig.BitmapRead;
import dirtyproof.ring.RingConfig.CollectStep;
import dirtyproof.ring.RingConfig.HarvestStep;
import dirtyproof.ring.RingConfig.PushStore;
import dirtyproof.ring.RingConfig.ResetStep;
import dirtyproof.variant.Choice;
import dirtyproof.variant.KeyReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a ring or ring-with-bitmap variant (docs/families/ring.md, ring-with-bitmap.md), read and checked.
 *
 * @param bitmapRead the final round's read of the backup bitmap; null for plain ring, which has no bitmap
 */
public record RingKeys(List<HarvestStep> harvest, List<PushStore> pushOrder, List<CollectStep> collectOrder,
                       boolean collectSkip, boolean softFullExit, List<ResetStep> resetOrder, boolean resetInterrupt,
                       int reapers, boolean deviceSave, BitmapRead bitmapRead) implements FamilyConfig {

    /** The keys of ring, in documented order; ring-with-bitmap adds {@link #BITMAP_KEYS}. */
    public static final List<String> KEYS = List.of("harvest", "push-order", "collect-order", "collect-skip",
            "soft-full-exit", "reset-order", "reset-interrupt", "reapers", "device-save");
    public static final List<String> BITMAP_KEYS = List.of("bitmap-read");

    public RingKeys {
        harvest = List.copyOf(harvest);
        pushOrder = List.copyOf(pushOrder);
        collectOrder = List.copyOf(collectOrder);
        resetOrder = List.copyOf(resetOrder);
    }

    /** Today's keys: the kernel's and QEMU's. */
    public static RingKeys today(boolean withBitmap) {
        return new RingKeys(RingConfig.DEFAULT_HARVEST, RingConfig.DEFAULT_PUSH_ORDER, RingConfig.DEFAULT_COLLECT_ORDER,
                false, true, RingConfig.DEFAULT_RESET_ORDER, false, 1, withBitmap,
                withBitmap ? BitmapRead.AFTER_DEVICE_SAVE : null);
    }

    static RingKeys parse(KeyReader c, boolean withBitmap) {
        RingKeys t = today(withBitmap);
        List<HarvestStep> harvest = c.steps("harvest", HarvestStep.class, t.harvest());
        List<PushStore> push = complete(c, "push-order", c.steps("push-order", PushStore.class, t.pushOrder()),
                PushStore.values(), "the two stores of kvm_dirty_ring_push");
        List<CollectStep> collect = complete(c, "collect-order",
                c.steps("collect-order", CollectStep.class, t.collectOrder()), CollectStep.values(),
                "userspace's three steps per ring entry");
        boolean skip = c.bool("collect-skip", false);
        boolean softFull = c.bool("soft-full-exit", true);
        List<ResetStep> reset = complete(c, "reset-order", c.steps("reset-order", ResetStep.class, t.resetOrder()),
                ResetStep.values(), "the two halves of resetting a batch");
        boolean interrupt = c.bool("reset-interrupt", false);
        int reapers = c.integer("reapers", 1, 2, 1);
        boolean deviceSave = c.bool("device-save", withBitmap);
        BitmapRead read = withBitmap ? c.choice("bitmap-read", BitmapRead.class, BitmapRead.AFTER_DEVICE_SAVE) : null;
        return new RingKeys(harvest, push, collect, skip, softFull, reset, interrupt, reapers, deviceSave, read);
    }

    /** An order key must list every step once. */
    private static <E extends Choice> List<E> complete(KeyReader c, String key, List<E> got, E[] all, String what) {
        if (got.size() != all.length) {
            List<String> missing = new java.util.ArrayList<>();
            for (E e : all) {
                if (!got.contains(e)) {
                    missing.add(e.id());
                }
            }
            throw c.error(key, "lists " + KeyReader.idList(got) + " and misses " + missing + "; it must list "
                    + KeyReader.idList(List.of(all)) + " once each, in the order of " + what);
        }
        return got;
    }

    @Override
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("harvest", KeyReader.idList(harvest));
        m.put("push-order", KeyReader.idList(pushOrder));
        m.put("collect-order", KeyReader.idList(collectOrder));
        m.put("collect-skip", collectSkip);
        m.put("soft-full-exit", softFullExit);
        m.put("reset-order", KeyReader.idList(resetOrder));
        m.put("reset-interrupt", resetInterrupt);
        m.put("reapers", reapers);
        m.put("device-save", deviceSave);
        if (bitmapRead != null) {
            m.put("bitmap-read", bitmapRead.id());
        }
        return m;
    }
}
