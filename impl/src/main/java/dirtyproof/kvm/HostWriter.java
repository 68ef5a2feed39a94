package dirtyproof.kvm;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * The host writer (docs/model.md, host writes): kvm_write_guest writes mem[p], then calls
 * mark_page_dirty_in_slot -- the family's {@link Marker} steps -- without mmu_lock and without touching SPTEs
 * or TLBs.
 *
 * <pre>
 *   host-write(p)                      mem[p]++
 *   the marker's steps (p)             e.g. mark-dirty (set_bit), or mark-dirty.load, .store (__set_bit)
 * </pre>
 */
public final class HostWriter implements Actor {

    public static final String NAME = "host";

    private final VmContext vm;
    private final Machine m;
    private final Marker marker;
    private final Step[] markProgram;

    private int writesLeft;
    /** True between host-write and the end of its mark_page_dirty; read by pause-vcpus. */
    volatile boolean busy;
    private int page = -1;
    private int index;

    /** The host writer of the VM, marking pages through the family's tracker. */
    public HostWriter(VmContext vm, Tracker tracker) {
        this.vm = vm;
        this.m = vm.machine();
        this.marker = tracker.marker(NAME, -1);
        this.writesLeft = m.bounds.writes();
        this.markProgram = marker.steps().toArray(new Step[0]);
    }

    @Override
    public String name() {
        return NAME;
    }

    public int writesLeft() {
        return writesLeft;
    }

    /** The page being marked, or -1. */
    public int page() {
        return page;
    }

    /** The mark's next step, counted from 0; 0 when not marking. */
    public int index() {
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
            if (marker.enabled(index, page)) {
                r.add(new Event(NAME, markProgram[index], page));
            }
        } else if (mayWrite()) {
            for (int p = 0; p < m.bounds.pages(); p++) {
                r.add(new Event(NAME, Step.HOST_WRITE, p));
            }
        }
        return r;
    }

    @Override
    public boolean take(Event e) {
        if (!e.actor().equals(NAME)) {
            return false;
        }
        if (e.step() == Step.HOST_WRITE) {
            return kvm_write_guest(e.arg()) && vm.record(e);
        }
        if (!busy || e.step() != markProgram[index] || e.arg() != page) {
            return false;
        }
        if (!marker.step(index, page)) {
            return false;
        }
        if (++index == markProgram.length) {
            writesLeft--;
            page = -1;
            marker.end();
            busy = false;
        }
        return vm.record(e);
    }

    private boolean mayWrite() {
        return !m.paused() && writesLeft > 0 && vm.hostMayWrite();
    }

    /** kvm_write_guest, first half: the write to guest memory, holding the monitor pause-vcpus takes. */
    private boolean kvm_write_guest(int p) {
        synchronized (vm.hostWriteLock(this)) {
            if (p < 0 || p >= m.bounds.pages() || busy || !mayWrite()) {
                return false;
            }
            m.mem.incrementAndGet(p);
            page = p;
            index = 0;
            marker.begin(p);
            busy = true;
            return true;
        }
    }

    /** One whole host write to p, mark_page_dirty included. False when stopped or out of writes. */
    public boolean writeBlocking(int p) {
        if (!take(new Event(NAME, Step.HOST_WRITE, p))) {
            return false;
        }
        for (Event next = markEvent(); next != null; next = markEvent()) {
            if (!take(next)) {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    /** The next step of the mark in progress, or null: a read of the writer's own position, between its steps. */
    public Event markEvent() {
        return busy ? new Event(NAME, markProgram[index], page) : null;
    }

    @Override
    public String toString() {
        return NAME + ": writesLeft=" + writesLeft + (busy ? " marking p" + page + " at " + markProgram[index] : "");
    }
}
