package dirtyproof.kvm;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.variant.LockMode;

import java.util.ArrayList;
import java.util.List;

/**
 * The aging actor (DESIGN.md §2 rule 6, {@code aging: true}): the primary MMU's page aging, the clear_young
 * MMU notifier calling kvm_age_gfn. Without hardware Accessed bits KVM marks a young SPTE for access
 * tracking ({@code mark_spte_for_access_track}): the SPTE loses W (and its other permissions) but stays
 * MMU-writable, there is no TLB flush -- a vCPU may keep a writable translation -- and the page is not
 * marked dirty. The next write fault takes the fast path, which restores W and marks the page.
 *
 * <pre>
 *   access-track(p):  W[p] set, the guest running, mmu_lock free -> W[p] := 0
 *                     (the notifier holds mmu_lock exclusively for the step, as KVM_MMU_LOCK did in 2022)
 * </pre>
 *
 * Commit b64d740ea7dd (2022) is the bug this makes visible: enabling dirty logging flushed the TLBs only if
 * it changed an SPTE, and an access-tracked SPTE (already not writable) changes nothing while a vCPU still
 * writes through its TLB entry.
 */
public final class Aging implements Actor {

    public static final String NAME = "aging";
    /** The mmu_lock holder value of the aging actor, for the length of its one step. */
    public static final int HOLDER = 1001;

    private final Kvm kvm;
    private final Machine m;

    Aging(Kvm kvm) {
        this.kvm = kvm;
        this.m = kvm.m;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Aging never has to finish: the migration does not wait for it. */
    @Override
    public boolean done() {
        return true;
    }

    @Override
    public Role role() {
        return Role.HOST;
    }

    @Override
    public List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (m.paused() || !m.mmuLockAvailable(LockMode.EXCLUSIVE)) {
            return r;
        }
        for (int p = 0; p < m.bounds.pages(); p++) {
            if (m.spteW.get(p) == 1) {
                r.add(new Event(NAME, Step.ACCESS_TRACK, p));
            }
        }
        return r;
    }

    @Override
    public boolean take(Event e) {
        if (!e.actor().equals(NAME) || e.step() != Step.ACCESS_TRACK || e.arg() < 0 || e.arg() >= m.bounds.pages()) {
            return false;
        }
        int p = e.arg();
        if (m.paused() || m.spteW.get(p) == 0 || !m.tryMmuLock(HOLDER, LockMode.EXCLUSIVE)) {
            return false;
        }
        boolean aged = !m.paused() && mark_spte_for_access_track(p);
        m.mmuUnlock(HOLDER, LockMode.EXCLUSIVE);
        return aged && kvm.record(e);
    }

    /** Clears W of p's SPTE if it is set; MW stays. No flush, no mark. */
    private boolean mark_spte_for_access_track(int p) {
        return m.spteW.compareAndSet(p, 1, 0);
    }

    /**
     * One aging of p on a real thread: waits while mmu_lock is held; false, changing nothing, when p's SPTE is
     * not writable (not young) or the VM is paused.
     */
    public boolean ageBlocking(int p) {
        Event e = new Event(NAME, Step.ACCESS_TRACK, p);
        while (true) {
            if (m.paused() || m.spteW.get(p) == 0) {
                return false;
            }
            if (take(e)) {
                return true;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
