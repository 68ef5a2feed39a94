package dirtyproof.getlog;

import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Step;
import dirtyproof.variant.SetOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The host writer (DESIGN.md §2, rule 4): kvm_write_guest writes mem[p], then calls mark_page_dirty,
 * without mmu_lock and without touching SPTEs or TLBs.
 *
 * <pre>
 *   host-write(p)                      mem[p]++
 *   mark-dirty(p)                      set_bit           (set-op: atomic)
 *   mark-dirty.load(p), .store(p)      __set_bit         (set-op: non-atomic)
 * </pre>
 */
public final class HostWriter implements Actor {

    public static final String NAME = "host";

    private final GetLog kvm;
    private final Machine m;
    private final Step[] markProgram;

    private int writesLeft;
    /** True between host-write and the end of its mark_page_dirty; read by pause-vcpus. */
    volatile boolean busy;
    private int page = -1;
    private int index;
    private long loaded;

    HostWriter(GetLog kvm) {
        this.kvm = kvm;
        this.m = kvm.m;
        this.writesLeft = kvm.variant.bounds().writes();
        this.markProgram = kvm.variant.setOp() == SetOp.ATOMIC
                ? new Step[] {Step.MARK_DIRTY}
                : new Step[] {Step.MARK_DIRTY_LOAD, Step.MARK_DIRTY_STORE};
    }

    @Override
    public String name() {
        return NAME;
    }

    public int writesLeft() {
        return writesLeft;
    }

    @Override
    public boolean done() {
        return !busy && (writesLeft == 0 || m.paused());
    }

    @Override
    public List<Event> enabled() {
        List<Event> r = new ArrayList<>();
        if (busy) {
            r.add(new Event(NAME, markProgram[index], page));
        } else if (!m.paused() && writesLeft > 0) {
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
            return kvm_write_guest(e.arg()) && kvm.record(e);
        }
        if (!busy || e.step() != markProgram[index] || e.arg() != page) {
            return false;
        }
        int w = m.bounds.wordOf(page);
        switch (e.step()) {
            case MARK_DIRTY:
                kvm.mark_page_dirty(page);
                break;
            case MARK_DIRTY_LOAD:
                loaded = m.dirtyBitmap.get(w);
                break;
            case MARK_DIRTY_STORE:
                m.dirtyBitmap.set(w, loaded | m.bounds.bitOf(page));
                break;
            default:
                throw new IllegalStateException("not a host step: " + e);
        }
        if (++index == markProgram.length) {
            writesLeft--;
            page = -1;
            busy = false;
        }
        return kvm.record(e);
    }

    /** kvm_write_guest, first half: the write to guest memory. Synchronized with pause-vcpus. */
    private synchronized boolean kvm_write_guest(int p) {
        if (p < 0 || p >= m.bounds.pages() || busy || m.paused() || writesLeft == 0) {
            return false;
        }
        m.mem.incrementAndGet(p);
        page = p;
        index = 0;
        busy = true;
        return true;
    }

    /** One whole host write to p, mark_page_dirty included. False when stopped or out of writes. */
    public boolean writeBlocking(int p) {
        if (!take(new Event(NAME, Step.HOST_WRITE, p))) {
            return false;
        }
        while (busy) {
            take(new Event(NAME, markProgram[index], page));
        }
        return true;
    }

    @Override
    public String toString() {
        return NAME + ": writesLeft=" + writesLeft + (busy ? " marking p" + page + " at " + markProgram[index] : "");
    }
}
