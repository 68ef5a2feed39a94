package dirtyproof.ring;

import dirtyproof.kvm.HostWriter;
import dirtyproof.kvm.Tracker;
import dirtyproof.kvm.Vcpu;
import dirtyproof.kvm.VmContext;
import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.ring.RingConfig.BitmapRead;
import dirtyproof.family.Op;
import dirtyproof.model.DirtyBitmap;
import dirtyproof.ring.RingConfig.HarvestStep;
import dirtyproof.ring.RingConfig.ProgramStep;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.SpteUpdate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A migration with the dirty ring (KVM_CAP_DIRTY_LOG_RING) or the ring with backup bitmap
 * (KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP), as a {@link RingConfig} says it is done, on the machine of DESIGN.md §2.
 * The same protocol, step for step and variable for variable, as specs/DirtyRing.tla.
 *
 * <p>This class holds the state shared by several actors (the rings, slots_lock, userspace's collected pages)
 * and the kernel functions more than one actor calls; the actors (the machine's {@link Vcpu} and
 * {@link HostWriter}, pushing through {@link RingPush}, and the {@link Reaper}s) hold their own steps. Today's kernel and QEMU, for reference:
 *
 * <pre>
 *   vCPU (virt/kvm/dirty_ring.c)            entry->slot = slot; entry->offset = offset;       push.fields
 *                                           smp_wmb(); kvm_dirty_gfn_set_dirtied(entry);       push.flag
 *                                           ring->dirty_index++; soft full? make the request
 *   QEMU kvm_dirty_ring_reap_one            flags == DIRTY (load-acquire), else stop           collect.load-flag
 *                                           cur->slot, cur->offset                             collect.read-gfn
 *                                           flags = RESET (store-release)                      collect.mark-reset
 *   KVM_RESET_DIRTY_RINGS (slots_lock)      per ring, from reset_index: RESET? else stop       reset.read
 *                                           flags = 0; reset_index++                           reset.invalidate
 *                                           kvm_reset_dirty_gfn (mmu_lock) of the batch        reset.write-protect
 *                                           drop slots_lock; if (cleared) flush                flush-tlb
 *   QEMU                                    send the collected pages after the ioctl returned  send
 * </pre>
 */
public final class Ring implements Migration, VmContext {

    final RingConfig cfg;
    final Machine m;
    final KvmDirtyRing[] rings;
    /** memslot->dirty_bitmap: the backup bitmap of ring-with-bitmap (never set with plain ring). */
    final DirtyBitmap bitmap;
    final List<Vcpu> vcpus = new ArrayList<>();
    final HostWriter host;
    final List<Reaper> reapers = new ArrayList<>();
    private final List<Actor> actors = new ArrayList<>();
    private volatile Consumer<Event> listener;

    /** kvm->slots_lock: FREE or the holding reaper. */
    final AtomicInteger slotsLock = new AtomicInteger(Machine.FREE);
    /** QEMU's fetch index per ring (cpu->kvm_fetch_index), owned by the ring's reaper. */
    final int[] fetch;
    /** The one skip of collect-skip happened. */
    volatile boolean skipped;
    /** The one signal of reset-interrupt was taken. */
    volatile boolean interrupted;

    public Ring(RingConfig cfg) {
        this.cfg = cfg;
        this.m = new Machine(cfg.bounds());
        this.bitmap = new DirtyBitmap(cfg.bounds());
        int n = cfg.bounds().vcpus();
        rings = new KvmDirtyRing[n];
        for (int v = 0; v < n; v++) {
            rings[v] = new KvmDirtyRing(cfg.ringSize());
        }
        fetch = new int[n];
        programs();
        Tracker push = RingPush.tracker(this);
        for (int v = 0; v < n; v++) {
            Vcpu vcpu = new Vcpu(this, v, push);
            vcpus.add(vcpu);
            actors.add(vcpu);
        }
        host = cfg.hostWrites() ? new HostWriter(this, push) : null;
        if (host != null) {
            actors.add(host);
        }
        for (int r = 0; r < cfg.reapers(); r++) {
            Reaper reaper = new Reaper(this, r);
            reapers.add(reaper);
            actors.add(reaper);
        }
    }

    public RingConfig config() {
        return cfg;
    }

    @Override
    public Machine machine() {
        return m;
    }

    @Override
    public List<Actor> actors() {
        return actors;
    }

    public Vcpu vcpu(int v) {
        return vcpus.get(v);
    }

    /** The host writer, or null without host-writes. */
    public HostWriter host() {
        return host;
    }

    /** The migration thread. */
    public Reaper harvester() {
        return reapers.get(0);
    }

    public Reaper reaper(int r) {
        return reapers.get(r);
    }

    public KvmDirtyRing ring(int v) {
        return rings[v];
    }

    @Override
    public boolean finished() {
        return harvester().done();
    }

    @Override
    public void setListener(Consumer<Event> l) {
        listener = l;
    }

    @Override
    public boolean record(Event e) {
        Consumer<Event> l = listener;
        if (l != null) {
            l.accept(e);
        }
        return true;
    }

    // --- the programs of userspace's threads (DirtyRing.tla: FinalProgram, Reaper1Program) -------

    /** The migration thread's final round: pause, then device save and bitmap read in the variant's order. */
    /** The programs, computed once: every step of every actor asks for its reaper's. */
    private List<ProgramStep> live;
    private List<ProgramStep> fin;
    private List<ProgramStep> reaper1;
    private boolean liveWork;
    private List<List<Integer>> owned;

    private void programs() {
        owned = new ArrayList<>();
        for (int r = 0; r < cfg.reapers(); r++) {
            List<Integer> l = new ArrayList<>();
            for (int v = 0; v < rings.length; v++) {
                if (v % cfg.reapers() == r) {
                    l.add(v);
                }
            }
            owned.add(List.copyOf(l));
        }
        live = List.copyOf(computeLiveProgram());
        fin = List.copyOf(computeFinalProgram());
        reaper1 = List.copyOf(computeReaper1Program());
        liveWork = false;
        for (HarvestStep s : cfg.harvest()) {
            liveWork |= s != HarvestStep.SEND;
        }
    }

    List<ProgramStep> liveProgram() {
        return live;
    }

    List<ProgramStep> finalProgram() {
        return fin;
    }

    List<ProgramStep> reaper1Program() {
        return reaper1;
    }

    /** The migration thread's live round: the harvest key's steps. */
    private List<ProgramStep> computeLiveProgram() {
        List<ProgramStep> p = new ArrayList<>();
        for (HarvestStep s : cfg.harvest()) {
            p.add(s.program());
        }
        return p;
    }

    private List<ProgramStep> computeFinalProgram() {
        List<ProgramStep> p = new ArrayList<>();
        p.add(ProgramStep.PAUSE_VCPUS);
        if (cfg.withBitmap() && cfg.bitmapRead() == BitmapRead.BEFORE_DEVICE_SAVE) {
            p.add(ProgramStep.GET_BITMAP);
        }
        if (cfg.deviceSave()) {
            p.add(ProgramStep.DEVICE_SAVE);
        }
        List<ProgramStep> h = computeLiveProgram();
        if (cfg.withBitmap() && cfg.bitmapRead() == BitmapRead.AFTER_DEVICE_SAVE) {
            int i = h.indexOf(ProgramStep.SEND);
            h.add(i < 0 ? h.size() : i, ProgramStep.GET_BITMAP);
        }
        p.addAll(h);
        return p;
    }

    /** Reaper 1's one harvest: the round without sends, and without collect when it owns no ring. */
    private List<ProgramStep> computeReaper1Program() {
        List<ProgramStep> p = new ArrayList<>();
        for (HarvestStep s : cfg.harvest()) {
            if (s != HarvestStep.SEND && (s != HarvestStep.COLLECT || cfg.reapers() < 2 || !owned.get(1).isEmpty())) {
                p.add(s.program());
            }
        }
        return p;
    }

    /** A live round does something only if it does more than send. */
    boolean hasLiveWork() {
        return liveWork;
    }

    /** The rings reaper r collects: v mod reapers = r. */
    List<Integer> ringsOf(int r) {
        return owned.get(r);
    }

    // --- state shared by the actors -------------------------------------------------------------

    // --- what the machine's writers need of this VM (VmContext) -----------------------------------

    @Override
    public FaultPath faultPath() {
        return cfg.faultPath();
    }

    @Override
    public List<FaultStep> faultOrder() {
        return cfg.faultOrder();
    }

    /** The locked fault path takes mmu_lock exclusively (the ring families do not model the TDP MMU's read lock). */
    @Override
    public LockMode faultLock() {
        return LockMode.EXCLUSIVE;
    }

    /** fault-path: mixed is not modelled for the rings; the slow path's install would be atomic. */
    @Override
    public SpteUpdate spteUpdate() {
        return SpteUpdate.ATOMIC;
    }

    /**
     * vcpu_enter_guest: kvm_dirty_ring_check_request exits with KVM_EXIT_DIRTY_RING_FULL while the vCPU's ring is
     * soft full, and the vCPU thread runs no guest code while it does the host's write and push.
     */
    @Override
    public boolean vcpuHeldOut(int v) {
        return blocked(v) || hostBusyOn(v);
    }

    /** A vCPU held out by its full ring waits for a reset while a reaper may still do one. */
    @Override
    public boolean vcpuMayBeReleased(int v) {
        return blocked(v) && reapersLive();
    }

    @Override
    public String vcpuNote(int v) {
        return blocked(v) ? " held out (ring soft full)" : "";
    }

    /** The host writes on vCPU 0's thread: its write excludes that vCPU's guest steps and pause-vcpus. */
    @Override
    public Object hostWriteLock(HostWriter h) {
        return m.tlbLock(RingPush.HOST_VCPU);
    }

    /** The host's write starts only while vCPU 0's thread is neither in its fault path nor held out by its ring. */
    @Override
    public boolean hostMayWrite() {
        return !vcpus.get(RingPush.HOST_VCPU).inFault() && !blocked(RingPush.HOST_VCPU);
    }

    /** The vCPU's ring holds it out of the guest: soft full, and the vCPU honours KVM_REQ_DIRTY_RING_SOFT_FULL. */
    boolean blocked(int v) {
        return cfg.softFullExit() && rings[v].used() >= cfg.softLimit();
    }

    /** vCPU v is in the kernel doing the host's write and push. */
    boolean hostBusyOn(int v) {
        return host != null && v == RingPush.HOST_VCPU && host.busy();
    }

    /** Some reaper still has live-round work (a reset may still come before the pause). */
    boolean reapersLive() {
        for (Reaper r : reapers) {
            if (r.live()) {
                return true;
            }
        }
        return false;
    }

    /** Reaper 1 is not in the middle of its harvest. */
    boolean reaper1Idle() {
        return reapers.size() < 2 || reapers.get(1).idle();
    }

    // --- kernel functions used by more than one actor ---------------------------------------------

    /** kvm_flush_remote_tlbs: sync, every TLB emptied under its tlbLock (IPI and wait); async, a request per vCPU. */
    void kvm_flush_remote_tlbs() {
        for (int v = 0; v < m.bounds.vcpus(); v++) {
            if (cfg.flush() == FlushMode.SYNC) {
                synchronized (m.tlbLock(v)) {
                    m.tlbFlushLocal(v);
                }
            } else {
                m.flushPending.set(v, 1);
            }
        }
    }

    /**
     * kvm_arch_mmu_enable_log_dirty_pt_masked under KVM_MMU_LOCK: the number of SPTEs whose W it cleared, or -1
     * (nothing done) when mmu_lock is held. The ring families' fault paths hold it only exclusively (the shared
     * modes are rejected for them), so a shared harvest lock excludes the same holders as an exclusive one.
     */
    int kvm_reset_dirty_gfn(long mask) {
        if (!m.mmuLock.compareAndSet(Machine.FREE, Machine.HARVESTER)) {
            return -1;
        }
        int changed = 0;
        for (int p = 0; p < m.bounds.pages(); p++) {
            if ((mask & (1L << p)) != 0 && m.spteW.getAndSet(p, 0) == 1) {
                changed++;
            }
        }
        m.mmuLock.set(Machine.FREE);
        return changed;
    }

    /** No vCPU is in its fault path and the host is not between a write and its push. */
    boolean quiescent() {
        for (Vcpu v : vcpus) {
            if (v.inFault()) {
                return false;
            }
        }
        return host == null || !host.busy();
    }

    /** vm_stop for the final round, holding every tlbLock so no guest step straddles it; false when not quiescent. */
    boolean kvm_vm_pause() {
        return pauseHolding(0);
    }

    private boolean pauseHolding(int v) {
        if (v < vcpus.size()) {
            synchronized (m.tlbLock(v)) {
                return pauseHolding(v + 1);
            }
        }
        if (!quiescent() || !reaper1Idle()) {
            return false;
        }
        m.pauseVcpus();
        return true;
    }

    // --- the state under the names of specs/DirtyRing.tla -----------------------------------------

    /**
     * The machine's and the ring's variables under their TLA+ names, with TLA+'s values: numbers as Long,
     * functions over 0..n-1 as maps, sets of pages as sorted sets, None as -1, indices 1-based where the
     * spec's are. Compared with TLC's trace states after every replayed step.
     */
    @Override
    public Map<String, Object> observe() {
        Map<String, Object> s = new LinkedHashMap<>(m.observe());
        int pages = m.bounds.pages();
        int n = m.bounds.vcpus();
        Map<Object, Object> mw = new TreeMap<>();
        for (int p = 0; p < pages; p++) {
            mw.put((long) p, m.spteMW.get(p) == 1);
        }
        s.put("MW", mw);
        Map<Object, Object> writesLeft = new TreeMap<>(), fault = new TreeMap<>(), faultPc = new TreeMap<>(),
                retry = new TreeMap<>();
        for (Vcpu v : vcpus) {
            writesLeft.put((long) v.index(), (long) v.writesLeft());
            fault.put((long) v.index(), (long) v.faultPage());
            faultPc.put((long) v.index(), (long) v.faultIndex() + 1);
            retry.put((long) v.index(), (long) v.retryPage());
        }
        s.put("writesLeft", writesLeft);
        s.put("fault", fault);
        s.put("faultPc", faultPc);
        s.put("retry", retry);
        Map<Object, Object> slow = new TreeMap<>();
        for (Vcpu v : vcpus) {
            slow.put((long) v.index(), "none");   // the mixed fault path's slow path: not modelled for the ring (rejected)
        }
        s.put("slowSpte", slow);
        s.put("hostLeft", (long) (host == null ? 0 : host.writesLeft()));
        s.put("hostPage", (long) (host == null ? -1 : host.page()));
        s.put("hostPc", (long) (host == null ? 1 : host.index() + 1));
        s.put("bitmap", bitmap.pages());
        Map<Object, Object> flags = new TreeMap<>(), gfn = new TreeMap<>(), di = new TreeMap<>(), ri = new TreeMap<>(),
                fe = new TreeMap<>();
        for (int v = 0; v < n; v++) {
            Map<Object, Object> f = new TreeMap<>(), g = new TreeMap<>();
            for (int e = 0; e < cfg.ringSize(); e++) {
                f.put((long) e, (long) rings[v].flagsAt(e));
                g.put((long) e, (long) rings[v].gfnAt(e));
            }
            flags.put((long) v, f);
            gfn.put((long) v, g);
            di.put((long) v, (long) rings[v].dirtyIndex());
            ri.put((long) v, (long) rings[v].resetIndex());
            fe.put((long) v, (long) fetch[v]);
        }
        s.put("ringFlags", flags);
        s.put("ringGfn", gfn);
        s.put("dirtyIndex", di);
        s.put("resetIndex", ri);
        s.put("fetch", fe);
        Map<Object, Object> pend = new TreeMap<>(), pc = new TreeMap<>(), cRing = new TreeMap<>(), cPc = new TreeMap<>(),
                cGfn = new TreeMap<>(), rsRing = new TreeMap<>(), rsPhase = new TreeMap<>(), rsMask = new TreeMap<>(),
                rsGfn = new TreeMap<>(), rsN = new TreeMap<>(), rsCleared = new TreeMap<>(),
                rsChanged = new TreeMap<>();
        for (Reaper r : reapers) {
            long k = r.id;
            pend.put(k, pages(r.pendMask()));
            pc.put(k, (long) r.pc() + 1);
            cRing.put(k, (long) r.cRing());
            cPc.put(k, (long) r.cPc() + 1);
            cGfn.put(k, (long) r.cGfn());
            rsRing.put(k, (long) r.rsRing());
            rsPhase.put(k, r.rsPhase());
            rsMask.put(k, pages(r.rsMask()));
            rsGfn.put(k, (long) r.rsGfn());
            rsN.put(k, (long) r.rsN());
            rsCleared.put(k, r.rsCleared());
            rsChanged.put(k, r.rsChanged());
        }
        s.put("pend", pend);
        s.put("skipped", skipped);
        s.put("round", (long) harvester().round());
        s.put("pc", pc);
        s.put("cRing", cRing);
        s.put("cPc", cPc);
        s.put("cGfn", cGfn);
        s.put("slots_lock", (long) slotsLock.get());
        s.put("rsRing", rsRing);
        s.put("rsPhase", rsPhase);
        s.put("rsMask", rsMask);
        s.put("rsGfn", rsGfn);
        s.put("rsN", rsN);
        s.put("rsCleared", rsCleared);
        s.put("rsChanged", rsChanged);
        s.put("interrupted", interrupted);
        return Collections.unmodifiableMap(s);
    }

    static TreeSet<Object> pages(long mask) {
        TreeSet<Object> set = new TreeSet<>();
        for (int p = 0; p < 64; p++) {
            if ((mask & (1L << p)) != 0) {
                set.add((long) p);
            }
        }
        return set;
    }

    // --- operations for Lincheck's and jcstress's threads ---------------------------------------

    /**
     * vcpuN guest-write/tlb-fill/apply-flush, host host-write, and a reaper's live-rounds (harvester: the live
     * rounds; reaper1: its one harvest).
     */
    @Override
    public boolean perform(Op op) {
        if (op.actor().startsWith("vcpu")) {
            int v = Integer.parseInt(op.actor().substring(4));
            if (v >= vcpus.size()) {
                throw new IllegalArgumentException("no " + op.actor() + " in this migration (" + vcpus.size() + " vCPUs)");
            }
            switch (op.action()) {
                case Op.GUEST_WRITE:
                    return vcpus.get(v).guestWriteBlocking(op.arg());
                case Op.TLB_FILL:
                    return vcpus.get(v).tlbFillNow(op.arg());
                case Op.APPLY_FLUSH:
                    return vcpus.get(v).applyFlushNow();
                default:
                    throw new IllegalArgumentException("a vCPU has no operation " + op.action());
            }
        }
        if (op.actor().equals(HostWriter.NAME)) {
            if (host == null || !op.action().equals(Op.HOST_WRITE)) {
                throw new IllegalArgumentException("no host operation " + op + (host == null ? " (host-writes: false)" : ""));
            }
            return host.writeBlocking(op.arg());
        }
        if (op.actor().equals(REAPERS) && reapers.size() == 2 && op.action().equals(Op.LIVE_ROUNDS)) {
            return liveRoundsOfBothReapers(-1);
        }
        if (op.actor().equals(REAPERS) && reapers.size() == 2 && op.action().equals(LIVE_ROUNDS_WRITE)) {
            return liveRoundsOfBothReapers(op.arg());
        }
        for (Reaper r : reapers) {
            if (r.name().equals(op.actor())) {
                if (!op.action().equals(Op.LIVE_ROUNDS)) {
                    throw new IllegalArgumentException(op.actor() + " has no operation " + op.action());
                }
                return r.liveRoundsBlocking();
            }
        }
        throw new IllegalArgumentException("no actor " + op.actor() + " for " + op);
    }

    /** The pseudo-actor of {@link #liveRoundsOfBothReapers}'s operation. */
    public static final String REAPERS = "reapers";

    /**
     * With two reapers, both userspace threads' live rounds driven from one thread, interleaved at their
     * ioctl boundaries: the migration thread collects; reaper 1 then runs up to its flush (its
     * KVM_RESET_DIRTY_RINGS walk done, slots_lock dropped); the migration thread runs the rest of its live rounds
     * (its own reset, flush and sends); reaper 1 finishes. One interleaving of the two threads -- the one that
     * gives the vCPU racing on another thread the window of ring-concurrent-reset -- for the sampling back-ends,
     * whose kernel side is one thread (jcstress races two).
     */
    boolean liveRoundsOfBothReapers(int writePage) {
        Reaper h = reapers.get(0);
        Reaper r1 = reapers.get(1);
        boolean any = h.runWhileAt(ProgramStep.COLLECT);
        any |= r1.runUntilAt(ProgramStep.FLUSH_TLB);
        any |= h.liveRoundsBlocking();
        if (writePage >= 0) {
            vcpus.get(0).guestWriteBlocking(writePage);
        }
        any |= r1.liveRoundsBlocking();
        return any;
    }

    /**
     * The operation reapers:live-rounds-write(pN): {@link #liveRoundsOfBothReapers} with vCPU 0 writing page N
     * after the migration thread's sends and before reaper 1's flush, all on the calling thread (the actors it
     * drives are driven by no other thread).
     */
    public static final String LIVE_ROUNDS_WRITE = "live-rounds-write";

    // --- notes for the trace columns ---------------------------------------------------------------

    /** What the step did, with the ring indices where they matter: e0 (entry 0), di/ri (dirty_index/reset_index). */
    @Override
    public String note(Event e, Map<String, Object> before) {
        int a = e.arg();
        switch (e.step()) {
            case GUEST_WRITE: {
                Object memBefore = fn(before, "mem").get((long) a);
                return !java.util.Objects.equals(memBefore, (long) m.mem.get(a)) ? "mem[p" + a + "]=" + m.mem.get(a)
                        : "EPT violation";
            }
            case HOST_WRITE:
                return "mem[p" + a + "]=" + m.mem.get(a);
            case MAKE_WRITABLE:
                return Boolean.TRUE.equals(fn(before, "W").get((long) a)) ? "W already set: spurious" : "W[p" + a + "]=1";
            case PUSH_FIELDS:
            case PUSH_FLAG: {
                int v = e.actor().equals(HostWriter.NAME) ? RingPush.HOST_VCPU : Integer.parseInt(e.actor().substring(4));
                long di = (Long) fn(before, "dirtyIndex").get((long) v);
                String entry = "ring" + v + " e" + (di % cfg.ringSize());
                String full = rings[v].used() > cfg.ringSize() || (di - (Long) fn(before, "resetIndex").get((long) v))
                        >= cfg.ringSize() ? " (ring full: WARN, entry overwritten)" : "";
                String end = rings[v].dirtyIndex() != di ? ", di=" + rings[v].dirtyIndex()
                        + (blocked(v) ? ", soft full" : "") : "";
                return (e.step() == Step.PUSH_FIELDS ? entry + ".gfn=p" + a : entry + " DIRTY") + end + full;
            }
            case COLLECT_LOAD_FLAG:
            case COLLECT_READ_GFN:
            case COLLECT_MARK_RESET:
            case COLLECT_SKIP: {
                long f = (Long) fn(before, "fetch").get((long) a);
                String entry = "e" + (f % cfg.ringSize());
                int flags = rings[a].flagsAt((int) (f % cfg.ringSize()));
                switch (e.step()) {
                    case COLLECT_LOAD_FLAG:
                        return entry + (fetch[a] == f && !ringDirtyAt(before, a, f) ? " not DIRTY: ring done" : " DIRTY");
                    case COLLECT_READ_GFN:
                        return entry + ".gfn=p" + rings[a].gfnAt((int) (f % cfg.ringSize()));
                    case COLLECT_MARK_RESET:
                        return entry + " RESET" + (fetch[a] != f ? ", collected" : "");
                    default:
                        return entry + " skipped (still " + (flags == KvmDirtyRing.DIRTY ? "DIRTY" : flags) + ")";
                }
            }
            case RESET_READ: {
                Reaper r = reaperNamed(e.actor());
                long ri = (Long) fn(before, "resetIndex").get((long) a);
                long n = (Long) fn(before, "rsN").get((long) r.id);
                long k = (ri + n) % cfg.ringSize();
                boolean took = r.rsPhase().equals("invalidate") || r.rsN() > n;
                return "ring" + a + " e" + k + (took ? " RESET: p" + rings[a].gfnAt((int) k) : " not RESET: walk ends");
            }
            case RESET_INVALIDATE:
                return "ring" + a + " e" + ((rings[a].resetIndex() - 1) % cfg.ringSize()) + " freed, ri=" + rings[a].resetIndex();
            case RESET_WRITE_PROTECT: {
                StringBuilder sb = new StringBuilder();
                Map<?, ?> w = fn(before, "W");
                for (int q = 0; q < m.bounds.pages(); q++) {
                    if (Boolean.TRUE.equals(w.get((long) q)) && m.spteW.get(q) == 0) {
                        sb.append(sb.length() == 0 ? "" : " ").append("W[p").append(q).append("]=0");
                    }
                }
                return sb.length() == 0 ? "nothing writable to protect" : sb.toString();
            }
            case RESET_INTERRUPT: {
                Object batch = fn(before, "rsMask").get((long) reaperNamed(e.actor()).id);
                return "-EINTR: the open batch " + batch + " stays writable";
            }
            case FLUSH_TLB:
                return flushed(e, before)
                        ? (cfg.flush() == FlushMode.ASYNC ? "requested, not waited for" : "every TLB emptied")
                        : "nothing reset: no flush";
            case SEND:
                return "dest[p" + a + "]=" + m.dest.get(a);
            case DEVICE_SAVE:
                return "mem[p" + a + "]=" + m.mem.get(a) + (cfg.withBitmap() ? ", backup bitmap" : ", no vCPU: dropped");
            case GET_BITMAP:
                return "pages " + fn(before, "bitmap").keySet();
            case PAUSE_VCPUS:
                return "vCPUs stopped";
            default:
                return "";
        }
    }

    private boolean ringDirtyAt(Map<String, Object> before, int v, long index) {
        Object f = ((Map<?, ?>) fn(before, "ringFlags").get((long) v)).get(index % cfg.ringSize());
        return Long.valueOf(KvmDirtyRing.DIRTY).equals(f);
    }

    /** Whether the flush step just taken flushed: what FlushWanted said before it. */
    private boolean flushed(Event e, Map<String, Object> before) {
        Reaper r = reaperNamed(e.actor());
        Object cleared = fn(before, "rsCleared").get((long) r.id);
        Object changed = fn(before, "rsChanged").get((long) r.id);
        return switch (cfg.flushWhen()) {
            case ALWAYS -> true;
            case BITS_CONSUMED -> Boolean.TRUE.equals(cleared);
            case SPTE_CHANGED -> Boolean.TRUE.equals(changed);
        };
    }

    private Reaper reaperNamed(String name) {
        for (Reaper r : reapers) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no reaper " + name);
    }

    private static Map<?, ?> fn(Map<String, Object> state, String var) {
        Object o = state.get(var);
        if (o instanceof Map) {
            return (Map<?, ?>) o;
        }
        if (o instanceof java.util.Set) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Object x : (java.util.Set<?>) o) {
                m.put(x, x);
            }
            return m;
        }
        return Map.of();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(m.toString());
        for (int v = 0; v < rings.length; v++) {
            sb.append("\n  ring").append(v).append(' ').append(rings[v]).append(" fetch=").append(fetch[v]);
        }
        for (Actor a : actors) {
            sb.append("\n  ").append(a);
        }
        return sb.toString();
    }
}
