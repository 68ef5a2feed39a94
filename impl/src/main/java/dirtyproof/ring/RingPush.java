package dirtyproof.ring;

import dirtyproof.kvm.Marker;
import dirtyproof.kvm.Tracker;
import dirtyproof.model.Step;
import dirtyproof.ring.RingConfig.PushStore;

import java.util.ArrayList;
import java.util.List;

/**
 * mark_page_dirty_in_slot of the ring families: kvm_dirty_ring_push to the writer's ring, in the two steps of the
 * variant's push-order -- push.fields ({@code entry->slot, entry->offset}, plain stores) and push.flag
 * (kvm_dirty_gfn_set_dirtied; a release store after the smp_wmb when the fields come first, plain when the flag is
 * stored first) -- and ring->dirty_index++ with the last of them. A vCPU pushes to its own ring; the host writes on
 * vCPU {@link #HOST_VCPU}'s thread and pushes to that vCPU's ring, so that each ring has one producer at a time.
 */
final class RingPush implements Marker {

    /** The vCPU on whose thread the host writes (kvm_write_guest emulating an instruction of vCPU 0). */
    static final int HOST_VCPU = 0;

    /** The tracker of a ring migration: each writer pushes to the ring of the vCPU it runs on. */
    static Tracker tracker(Ring ring) {
        return (actor, vcpu) -> new RingPush(ring.cfg, ring.rings[vcpu < 0 ? HOST_VCPU : vcpu]);
    }

    /** The push's two steps in the variant's order. */
    static List<Step> program(RingConfig cfg) {
        List<Step> l = new ArrayList<>();
        for (PushStore s : cfg.pushOrder()) {
            l.add(s == PushStore.FIELDS ? Step.PUSH_FIELDS : Step.PUSH_FLAG);
        }
        return List.copyOf(l);
    }

    private final KvmDirtyRing ring;
    private final List<Step> steps;
    private final boolean releaseFlag;

    private RingPush(RingConfig cfg, KvmDirtyRing ring) {
        this.ring = ring;
        this.steps = program(cfg);
        this.releaseFlag = cfg.pushOrder().get(0) == PushStore.FIELDS;
    }

    @Override
    public List<Step> steps() {
        return steps;
    }

    @Override
    public boolean step(int k, int p) {
        if (steps.get(k) == Step.PUSH_FIELDS) {
            ring.pushFields(p);
        } else {
            ring.pushFlag(releaseFlag);
        }
        if (k == steps.size() - 1) {
            ring.pushDone();
        }
        return true;
    }
}
