package dirtyproof.run;

import dirtyproof.model.Event;

import java.util.List;
import java.util.Map;

/**
 * One explicit race per unsafe catalog variant, written the way dirty_log_test.c explains its races:
 * numbered steps, vCPU | host | harvester. Each schedule ends right after the unlogged write; the driver
 * then finishes the migration (final round) and the oracle must report the page with the versions given.
 */
public final class RaceSchedules {

    /** A race: the schedule, and the write it must lose under its own variant. */
    public record Race(List<Event> schedule, int page, int mem, int dest) {
    }

    private RaceSchedules() {
    }

    private static Race race(int page, int mem, int dest, String... entries) {
        return new Race(ScheduleDriver.parse(List.of(entries)), page, mem, dest);
    }

    /** The vCPU dirties p0 through a fault and caches it writable: the state every harvest race starts from. */
    private static final String[] DIRTY_P0 = {
        "vcpu0:guest-write(p0)",     // EPT violation: W[p0] clear since logging was enabled
        "vcpu0:make-writable(p0)",   // fast_pf_fix_direct_spte: W[p0] = 1
        "vcpu0:mark-dirty(p0)",      // bitmap = {p0}
        "vcpu0:guest-write(p0)",     // the retried store: tlb[0] = {p0}, mem[p0] = 1
    };

    private static String[] with(String[] prefix, String... rest) {
        String[] r = new String[prefix.length + rest.length];
        System.arraycopy(prefix, 0, r, 0, prefix.length);
        System.arraycopy(rest, 0, r, prefix.length, rest.length);
        return r;
    }

    public static final Map<String, Race> RACES = Map.ofEntries(Map.entry(
        //   vCPU0                              | harvester
        // 1-4 p0 dirty, writable, in tlb[0]    |
        // 5                                    | write-protect(w0): protects the live bitmap's p0
        // 6                                    | flush-tlb
        // 7 guest-write(p0): EPT violation     |
        // 8 make-writable(p0): W[p0] = 1       |
        // 9 mark-dirty(p0): already set        |
        // 10                                   | snapshot-clear(w0): snap = {p0}, bitmap = {}
        // 11,12                                | copy-to-user, send(p0): dest = 1
        // 13 guest-write(p0): W set, mem = 2,  |
        //    nothing logged                    | final round: bitmap empty, p0 never sent again
        "protect-before-clear", race(0, 2, 1, with(DIRTY_P0,
            "harvester:write-protect(w0)", "harvester:flush-tlb",
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:snapshot-clear(w0)", "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:guest-write(p0)"))),

        //   vCPU0                              | harvester
        // 5                                    | snapshot-clear(w0): snap = {p0}
        // 6                                    | flush-tlb
        // 7 tlb-fill(p0): W still set          |
        // 8                                    | write-protect(w0): W[p0] = 0, tlb[0] keeps p0
        // 9,10                                 | copy-to-user, send(p0): dest = 1
        // 11 guest-write(p0): TLB hit, mem = 2 |
        Map.entry("flush-before-protect", race(0, 2, 1, with(DIRTY_P0,
            "harvester:snapshot-clear(w0)", "harvester:flush-tlb",
            "vcpu0:tlb-fill(p0)",
            "harvester:write-protect(w0)", "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:guest-write(p0)"))),

        //   vCPU0                              | harvester
        // 5-8                                  | snapshot-clear, write-protect, copy-to-user, send(p0)
        // 9 guest-write(p0): TLB hit, mem = 2  |   (tlb[0] was never flushed)
        Map.entry("no-flush", race(0, 2, 1, with(DIRTY_P0,
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:copy-to-user",
            "harvester:send(p0)",
            "vcpu0:guest-write(p0)"))),

        //   vCPU0                              | harvester
        // 5-9                                  | snapshot-clear, write-protect, flush-tlb (request only),
        //                                      | copy-to-user, send(p0): dest = 1
        // 10 guest-write(p0): TLB hit, mem = 2 |
        // 11 apply-flush: too late             |
        Map.entry("async-flush", race(0, 2, 1, with(DIRTY_P0,
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:guest-write(p0)", "vcpu0:apply-flush"))),

        //   host                               | harvester
        // 1 host-write(p1): mem[p1] = 1        |
        // 2 mark-dirty(p1): bitmap = {p1}      |
        // 3                                    | snapshot-clear.load(w0): mask = {p1}
        // 4 host-write(p0): mem[p0] = 1        |
        // 5 mark-dirty(p0): bitmap = {p0,p1}   |
        // 6                                    | snapshot-clear.store(w0): bitmap = 0, p0's bit wiped
        // 7-10                                 | write-protect, flush-tlb, copy-to-user, send(p1)
        Map.entry("load-store-clear-host", race(0, 1, 0,
            "host:host-write(p1)", "host:mark-dirty(p1)",
            "harvester:snapshot-clear.load(w0)",
            "host:host-write(p0)", "host:mark-dirty(p0)",
            "harvester:snapshot-clear.store(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "harvester:copy-to-user", "harvester:send(p1)")),

        //   vCPU0                              | harvester
        // 1-4 p1 dirty, writable               |
        // 5 guest-write(p0): EPT violation     |
        // 6 make-writable(p0): W[p0] = 1       |
        // 7                                    | snapshot-clear.load(w0): mask = {p1}
        // 8 mark-dirty(p0): lockless           |
        // 9                                    | snapshot-clear.store(w0): p0's bit wiped
        // 10 guest-write(p0): mem[p0] = 1      |
        // 11-14                                | write-protect (p1 only), flush, copy, send(p1)
        Map.entry("load-store-clear-fast", race(0, 1, 0,
            "vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)", "vcpu0:mark-dirty(p1)", "vcpu0:guest-write(p1)",
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)",
            "harvester:snapshot-clear.load(w0)",
            "vcpu0:mark-dirty(p0)",
            "harvester:snapshot-clear.store(w0)",
            "vcpu0:guest-write(p0)",
            "harvester:write-protect(w0)", "harvester:flush-tlb", "harvester:copy-to-user", "harvester:send(p1)")),

        //   vCPU0                              | harvester
        // 1 guest-write(p0): EPT violation     |
        // 2 mark-dirty(p0): bitmap = {p0}      |
        // 3-7                                  | snapshot-clear (snap = {p0}), write-protect (W already 0),
        //                                      | flush-tlb, copy-to-user, send(p0): dest = 0
        // 8 make-writable(p0): W[p0] = 1       |
        // 9 guest-write(p0): mem = 1, unlogged | final round: bitmap empty
        Map.entry("fast-mark-before-writable", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:make-writable(p0)", "vcpu0:guest-write(p0)")),

        //   vCPU0 (holds mmu_lock)             | host
        // 1 guest-write(p0): EPT violation     |
        // 2 make-writable(p0): takes mmu_lock  |
        // 3 mark-dirty.load(p0): reg = 0       |
        // 4                                    | host-write(p1): mem[p1] = 1
        // 5                                    | mark-dirty.load(p1): reg = 0 (no lock needed)
        // 6 mark-dirty.store(p0): word = {p0}  |
        // 7                                    | mark-dirty.store(p1): word = {p1}, p0's bit lost
        // 8 guest-write(p0): mem[p0] = 1       | harvests never see p0
        Map.entry("nonatomic-set-host", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "host:host-write(p1)", "host:mark-dirty.load(p1)",
            "vcpu0:mark-dirty.store(p0)", "host:mark-dirty.store(p1)",
            "vcpu0:guest-write(p0)")),

        //   vCPU0 (slow path, read lock)       | harvester (read lock too)
        // 1 guest-write(p0): EPT violation     |
        // 2 tdp-mmu-map(p0): read_lock; the    |
        //   walk reads W[p0] = 0               |
        // 3 mark-dirty(p0): make_spte marks p0 |
        // 4                                    | snapshot-clear(w0): read_lock beside vCPU0's;
        //                                      |   snap = {p0}, bitmap = {}
        // 5                                    | write-protect(w0): W[p0] already 0; read_unlock
        // 6 make-writable(p0): cmpxchg 0 -> 1  |
        //   succeeds (W unchanged since 2)     |
        // 7-9                                  | flush-tlb, copy-to-user, send(p0): dest = 0
        // 10 guest-write(p0): the retried      |
        //    store, mem = 1, nothing logged    | final round: bitmap empty, p0 never sent again
        Map.entry("harvest-read-lock", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:tdp-mmu-map(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)",
            "vcpu0:make-writable(p0)",
            "harvester:flush-tlb", "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:guest-write(p0)")),

        //   vCPU0 (slow path, no mmu_lock)     | harvester
        // 1 guest-write(p0): EPT violation     |
        // 2 tdp-mmu-map(p0): takes no lock;    |
        //   the walk reads W[p0] = 0           |
        // 3 mark-dirty(p0): make_spte marks p0 |
        // 4-8                                  | snapshot-clear (snap = {p0}), write-protect (W already
        //                                      | 0), flush-tlb, copy-to-user, send(p0): dest = 0
        // 9 make-writable(p0): W[p0] = 1       |
        // 10 guest-write(p0): mem = 1, unlogged| final round: bitmap empty
        Map.entry("tdp-slow-fault-unlocked", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:tdp-mmu-map(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:make-writable(p0)", "vcpu0:guest-write(p0)")),

        //   vCPU0                              | aging                  | harvester
        // 1-4 p0 dirty, writable, in tlb[0]    |                        |
        // 5                                    | access-track(p0):      |
        //                                      |   W[p0] = 0, no flush, |
        //                                      |   tlb[0] keeps p0      |
        // 6                                    |                        | snapshot-clear(w0): snap = {p0}
        // 7                                    |                        | write-protect(w0): W[p0] already
        //                                      |                        |   0, no SPTE changed
        // 8                                    |                        | flush-tlb: skipped (spte-changed)
        // 9,10                                 |                        | copy-to-user, send(p0): dest = 1
        // 11 guest-write(p0): TLB hit, mem = 2 |                        |
        //    nothing logged                    |                        | final round: bitmap empty
        Map.entry("aging-flush-if-changed", race(0, 2, 1, with(DIRTY_P0,
            "aging:access-track(p0)",
            "harvester:snapshot-clear(w0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "harvester:copy-to-user", "harvester:send(p0)",
            "vcpu0:guest-write(p0)"))));
}
