package dirtyproof.ring;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.ring.RingConfig.PushStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The host writer of the ring families (DESIGN.md §2, rule 4): kvm_write_guest in the context of vCPU 0 (the vCPU
 * thread emulating an instruction) writes mem[p], then mark_page_dirty_in_slot pushes p to ring 0 in the push's
 * two steps, without mmu_lock and without touching SPTEs or TLBs. While it writes and pushes, vCPU 0 is in the
 * kernel: it runs no guest code and is not in its fault path, so ring 0 keeps one producer at a time.
 */
public final class RingHost implements Actor {

    public static final String NAME = "host";
    /** The vCPU in whose context the host writes. */
    public static final int VCPU = 0;

    private final Ring kvm;
    private final Machine m;
    private final Step[] pushProgram;
    private final boolean releaseFlag;
    private final KvmDirtyRing ring;

    private int writesLeft;
    volatile boolean busy;
    private int page = -1;
    private int index;

    RingHost(Ring kvm) {
        this.kvm = kvm;
        this.m = kvm.m;
        this.ring = kvm.rings[VCPU];
        this.writesLeft = kvm.cfg.bounds().writes();
        this.pushProgram = RingVcpu.pushProgram(kvm.cfg).toArray(new Step[0]);
        this.releaseFlag = kvm.cfg.pushOrder().get(0) == PushStore.FIELDS;
    }

    @Override
    public String name() {
        return NAME;
    }

    public int writesLeft() {
        return writesLeft;
    }

    int page() {
        return page;
    }

    int index() {
        return busy ? index : 0;
    }

    @Override
    public boolean done() {
        return !busy && (writesLeft == 0 || m.paused());
    }

    @Override
    public Role role() {
        return Role.HOST;
    }

    @Override
    public boolean busy() {
        return busy;
    }

    @Override
    public List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (busy) {
            r.add(new Event(NAME, pushProgram[index], page));
        } else if (mayWrite()) {
            for (int p = 0; p < m.bounds.pages(); p++) {
                r.add(new Event(NAME, Step.HOST_WRITE, p));
            }
        }
        return r;
    }

    private boolean mayWrite() {
        return !m.paused() && writesLeft > 0 && !kvm.vcpus.get(VCPU).inFault && !kvm.blocked(VCPU);
    }

    @Override
    public boolean take(Event e) {
        if (!e.actor().equals(NAME)) {
            return false;
        }
        if (e.step() == Step.HOST_WRITE) {
            return kvm_write_guest(e.arg()) && kvm.record(e);
        }
        if (!busy || e.step() != pushProgram[index] || e.arg() != page) {
            return false;
        }
        if (e.step() == Step.PUSH_FIELDS) {
            ring.pushFields(page);
        } else {
            ring.pushFlag(releaseFlag);
        }
        if (++index == pushProgram.length) {
            ring.pushDone();
            writesLeft--;
            page = -1;
            busy = false;
        }
        return kvm.record(e);
    }

    /** kvm_write_guest's write, under vCPU 0's tlbLock so that it excludes vCPU 0's guest steps and pause-vcpus. */
    private boolean kvm_write_guest(int p) {
        synchronized (m.tlbLock(VCPU)) {
            if (p < 0 || p >= m.bounds.pages() || busy || !mayWrite()) {
                return false;
            }
            m.mem.incrementAndGet(p);
            page = p;
            index = 0;
            busy = true;
            return true;
        }
    }

    /** One whole host write to p, its push included; false when stopped, out of writes, or vCPU 0 is busy. */
    public boolean writeBlocking(int p) {
        if (!take(new Event(NAME, Step.HOST_WRITE, p))) {
            return false;
        }
        while (busy) {
            take(new Event(NAME, pushProgram[index], page));
        }
        return true;
    }

    @Override
    public String toString() {
        return NAME + ": writesLeft=" + writesLeft + (busy ? " pushing p" + page + " at " + pushProgram[index] : "");
    }
}
