package dirtyproof.bitmaps;

import dirtyproof.model.Event;
import dirtyproof.run.ScheduleDriver;

import java.util.List;
import java.util.Map;

/**
 * One explicit race per unsafe variant of clear-log, srcu-swap and switch-log, written the way kernel commit
 * messages draw races: numbered steps, one column per actor. Each schedule ends at the point after which the
 * write is lost whatever happens; the driver then finishes the migration (the final round), and the oracle
 * must report the page with the versions given. The schedules are TLC's counterexamples at the catalog's
 * bounds, cut where the loss is decided.
 */
public final class BitmapRaces {

    /** A race: the schedule, and the write it must lose under its own variant. */
    public record Race(List<Event> schedule, int page, int mem, int dest) {
    }

    private BitmapRaces() {
    }

    private static Race race(int page, int mem, int dest, String... entries) {
        return new Race(ScheduleDriver.parse(List.of(entries)), page, mem, dest);
    }

    // --- clear-log: KVM_GET_DIRTY_LOG (copy) + KVM_CLEAR_DIRTY_LOG -----------------------------------------

    public static final Map<String, Race> CLEAR_LOG = Map.of(
        //    vCPU0                                   | harvester (QEMU + the two ioctls)
        //  1 guest-write(p0): EPT violation          |
        //  2 make-writable(p0): W[p0] = 1            |
        //  3                                         | get-copy(w0): fetched {} (p0 not marked yet)
        //  4 mark-dirty(p0): bitmap = {p0}           |
        //  5 guest-write(p0): mem[p0] = 1            |
        //  6                                         | clear-fetched(w0) with mask all: clears p0,
        //                                            |   which userspace never fetched
        //  7                                         | write-protect(w0): W[p0] = 0; p0 is not sent
        "clear-unfetched", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "harvester:get-copy(w0)",
            "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
            "harvester:clear-fetched(w0)", "harvester:write-protect(w0)"),

        //    vCPU0                                   | harvester
        //  1-3 p0 faults, W[p0] = 1, bitmap = {p0}   |
        //  4                                         | get-copy(w0): fetched {p0}
        //  5                                         | send(p0): dest[p0] = 0
        //  6 guest-write(p0): W set, mem[p0] = 1     |
        //  7                                         | clear-fetched(w0): clears p0's bit, which now
        //                                            |   stands for the write after the send
        "clear-after-send", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:get-copy(w0)", "harvester:send(p0)", "vcpu0:guest-write(p0)",
            "harvester:clear-fetched(w0)"),

        //    vCPU0                                   | harvester
        //  1-4 p0 dirty, writable, in tlb[0]         |
        //  5-7                                       | get-copy, clear-fetched, write-protect(w0)
        //  8                                         | send(p0): dest[p0] = 1 (no flush before it)
        //  9 guest-write(p0): TLB hit, mem[p0] = 2   |
        "clear-no-flush", race(0, 2, 1,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
            "harvester:get-copy(w0)", "harvester:clear-fetched(w0)", "harvester:write-protect(w0)",
            "harvester:send(p0)", "vcpu0:guest-write(p0)"),

        //    vCPU0                                   | harvester
        //  1-4 p0 dirty and in tlb[0]                |
        //  5 guest-write(p1): EPT violation          |
        //  6 make-writable(p1): W[p1] = 1            |
        //  7                                         | get-copy(w0): fetched {p0}
        //  8                                         | clear-fetched.load(w0): loaded = {p0}
        //  9 mark-dirty(p1): bitmap = {p0, p1}       |
        // 10 guest-write(p1): mem[p1] = 1            |
        // 11                                         | clear-fetched.store(w0): bitmap = {} (p1 wiped)
        "clear-load-store-fast", race(1, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
            "vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)",
            "harvester:get-copy(w0)", "harvester:clear-fetched.load(w0)",
            "vcpu0:mark-dirty(p1)", "vcpu0:guest-write(p1)",
            "harvester:clear-fetched.store(w0)"),

        //    vCPU0                                   | harvester
        //  1-3 p0 faults, W[p0] = 1, bitmap = {p0}   |
        //  4                                         | get-copy(w0): fetched {p0}
        //  5                                         | write-protect(w0): W[p0] = 0
        //  6 guest-write(p0): EPT violation          |
        //  7 make-writable(p0): W[p0] = 1            |
        //  8 mark-dirty(p0): already set             |
        //  9                                         | flush-tlb
        // 10                                         | clear-fetched(w0): bitmap = {}; p0 writable, clean
        // 11                                         | send(p0): dest[p0] = 0
        // 12 guest-write(p0): W set, mem[p0] = 1     |
        "clear-protect-before-clear", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:get-copy(w0)", "harvester:write-protect(w0)",
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)",
            "harvester:flush-tlb", "harvester:clear-fetched(w0)", "harvester:send(p0)",
            "vcpu0:guest-write(p0)"),

        //    host                                    | harvester
        //  1 host-write(p0): mem[p0] = 1             |
        //  2 mark-dirty(p0): bitmap = {p0}           |
        //  3 host-write(p1): mem[p1] = 1             |
        //  4                                         | get-copy(w0): fetched {p0}
        //  5                                         | clear-fetched.load(w0): loaded = {p0}
        //  6 mark-dirty(p1): no mmu_lock taken,      |
        //    bitmap = {p0, p1}                       |
        //  7                                         | clear-fetched.store(w0): bitmap = {} (p1 wiped)
        "clear-load-store-host", race(1, 1, 0,
            "host:host-write(p0)", "host:mark-dirty(p0)", "host:host-write(p1)",
            "harvester:get-copy(w0)", "harvester:clear-fetched.load(w0)",
            "host:mark-dirty(p1)",
            "harvester:clear-fetched.store(w0)"),

        //    vCPU0                                   | harvester
        //  1-4 p0 dirty, writable, in tlb[0]         |
        //  5-7                                       | get-copy, clear-fetched, write-protect(w0)
        //  8                                         | flush-tlb: a request, not waited for
        //  9                                         | send(p0): dest[p0] = 1
        // 10 guest-write(p0): TLB hit (the request   |
        //    is not served yet), mem[p0] = 2         |
        "clear-async-flush", race(0, 2, 1,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty(p0)", "vcpu0:guest-write(p0)",
            "harvester:get-copy(w0)", "harvester:clear-fetched(w0)", "harvester:write-protect(w0)",
            "harvester:flush-tlb", "harvester:send(p0)", "vcpu0:guest-write(p0)"));

    // --- srcu-swap: kvm_vm_ioctl_get_dirty_log, 2009-2012 --------------------------------------------------

    public static final Map<String, Race> SRCU_SWAP = Map.of(
        //    vCPU0 (locked fault path, __set_bit)    | harvester
        //  1 guest-write(p0): EPT violation, looks   |
        //    up memslots gen 0                       |
        //  2                                         | write-protect(w0) (nothing writable yet)
        //  3                                         | flush-tlb
        //  4 make-writable(p0): W[p0] = 1            |
        //  5,6 mark-dirty.load/.store: gen 0 = {p0}  |
        //  7                                         | install-bitmap: gen 1, empty
        //  8                                         | synchronize-srcu
        //  9                                         | copy-to-user: reports gen 0's {p0}
        // 10                                         | send(p0): dest[p0] = 0
        // 11 guest-write(p0): W set, mem[p0] = 1;    |
        //    gen 1 has no bit for it                 |
        "srcu-protect-before-swap", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)", "vcpu0:mark-dirty.store(p0)",
            "harvester:install-bitmap", "harvester:synchronize-srcu", "harvester:copy-to-user",
            "harvester:send(p0)", "vcpu0:guest-write(p0)"),

        //    vCPU0                                   | harvester
        //  1 guest-write(p0): EPT violation, caches  |
        //    memslots gen 0                          |
        //  2                                         | install-bitmap: gen 1; waits for vcpu0
        //  3                                         | write-protect(w0)
        //  4                                         | flush-tlb
        //  5 make-writable(p0): W[p0] = 1            |
        //  6,7 mark-dirty.load/.store into gen 0     |
        //  8                                         | synchronize-srcu: vcpu0's section is over
        //  9                                         | copy-to-user: reports gen 0's {p0}
        // 10                                         | send(p0): dest[p0] = 0
        // 11 guest-write(p0): W set, mem[p0] = 1     |
        "srcu-protect-before-sync-cached", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:install-bitmap", "harvester:write-protect(w0)",
            "harvester:flush-tlb", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "vcpu0:mark-dirty.store(p0)", "harvester:synchronize-srcu", "harvester:copy-to-user",
            "harvester:send(p0)", "vcpu0:guest-write(p0)"),

        //    vCPU0                                   | harvester
        //  1 guest-write(p0): caches gen 0           |
        //  2-4                                       | install-bitmap (gen 1), write-protect, flush-tlb
        //  5 make-writable(p0): W[p0] = 1            |
        //  6 mark-dirty.load(p0) from gen 0          |
        //  7                                         | copy-to-user: gen 0 = {} (no synchronize)
        //  8 mark-dirty.store(p0): into gen 0, which |
        //    userspace already copied                |
        //  9 guest-write(p0): mem[p0] = 1            |
        "srcu-no-sync", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:install-bitmap", "harvester:write-protect(w0)",
            "harvester:flush-tlb", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "harvester:copy-to-user", "vcpu0:mark-dirty.store(p0)", "vcpu0:guest-write(p0)"),

        //    vCPU0                                   | harvester
        //  1 guest-write(p0): caches gen 0           |
        //  2                                         | synchronize-srcu: waits for nothing installed
        //  3-5                                       | install-bitmap (gen 1), write-protect, flush-tlb
        //  6 make-writable(p0): W[p0] = 1            |
        //  7 mark-dirty.load(p0) from gen 0          |
        //  8                                         | copy-to-user: gen 0 = {}
        //  9 mark-dirty.store(p0): into gen 0        |
        // 10 guest-write(p0): mem[p0] = 1            |
        "srcu-sync-before-install", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:synchronize-srcu", "harvester:install-bitmap",
            "harvester:write-protect(w0)", "harvester:flush-tlb", "vcpu0:make-writable(p0)",
            "vcpu0:mark-dirty.load(p0)", "harvester:copy-to-user", "vcpu0:mark-dirty.store(p0)",
            "vcpu0:guest-write(p0)"),

        //    vCPU0 (holds mmu_lock)                  | host (no mmu_lock)
        //  1 guest-write(p0): EPT violation          |
        //  2 make-writable(p0): W[p0] = 1            |
        //  3 mark-dirty.load(p0): loaded = {}        |
        //  4                                         | host-write(p1): mem[p1] = 1
        //  5                                         | mark-dirty.load(p1): loaded = {}
        //  6                                         | mark-dirty.store(p1): gen 0 = {p1}
        //  7 mark-dirty.store(p0): gen 0 = {p0};     |
        //    p1's bit is overwritten                 |
        "srcu-host-nonatomic", race(1, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "host:host-write(p1)", "host:mark-dirty.load(p1)", "host:mark-dirty.store(p1)",
            "vcpu0:mark-dirty.store(p0)"),

        //    vCPU0                                   | harvester
        //  1-5 p0 faults, gen 0 = {p0}, in tlb[0]    |
        //  6-8                                       | install-bitmap, synchronize-srcu, write-protect
        //  9                                         | copy-to-user: {p0} (no flush)
        // 10                                         | send(p0): dest[p0] = 1
        // 11 guest-write(p0): TLB hit, mem[p0] = 2   |
        "srcu-no-flush", race(0, 2, 1,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "vcpu0:mark-dirty.store(p0)", "vcpu0:guest-write(p0)",
            "harvester:install-bitmap", "harvester:synchronize-srcu", "harvester:write-protect(w0)",
            "harvester:copy-to-user", "harvester:send(p0)", "vcpu0:guest-write(p0)"));

    // --- switch-log: KVM_SWITCH_DIRTY_LOG, two userspace bitmaps -------------------------------------------

    public static final Map<String, Race> SWITCH_LOG = Map.of(
        //    vCPU0                                   | harvester
        //  1 guest-write(p0): caches bitmap 0        |
        //  2                                         | write-protect(w0)
        //  3                                         | flush-tlb
        //  4 make-writable(p0): W[p0] = 1            |
        //  5,6 mark-dirty.load/.store: bitmap 0      |
        //  7                                         | switch-bitmap: bitmap 1 active
        //  8                                         | wait-readers
        //  9                                         | read-old(w0): {p0}
        // 10                                         | send(p0): dest[p0] = 0
        // 11 guest-write(p0): W set, mem[p0] = 1;    |
        //    bitmap 1 has no bit for it              |
        "switch-protect-before-switch", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:write-protect(w0)", "harvester:flush-tlb",
            "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)", "vcpu0:mark-dirty.store(p0)",
            "harvester:switch-bitmap", "harvester:wait-readers", "harvester:read-old(w0)", "harvester:send(p0)",
            "vcpu0:guest-write(p0)"),

        //    vCPU0                                   | harvester
        //  1 guest-write(p0): caches bitmap 0        |
        //  2-4                                       | switch-bitmap, write-protect, flush-tlb
        //  5 make-writable(p0): W[p0] = 1            |
        //  6 mark-dirty.load(p0) from bitmap 0       |
        //  7                                         | read-old(w0): {} (no wait for readers)
        //  8 mark-dirty.store(p0): into bitmap 0,    |
        //    already read                            |
        //  9 guest-write(p0): mem[p0] = 1            |
        // 10                                         | clear-old(w0): the late bit is zeroed too
        "switch-no-wait", race(0, 1, 0,
            "vcpu0:guest-write(p0)", "harvester:switch-bitmap", "harvester:write-protect(w0)",
            "harvester:flush-tlb", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "harvester:read-old(w0)", "vcpu0:mark-dirty.store(p0)", "vcpu0:guest-write(p0)",
            "harvester:clear-old(w0)"),

        //    vCPU0                                   | harvester (two live rounds)
        //  1                                         | round 0: switch-bitmap (bitmap 1 active)
        //  2                                         | clear-old(w0): nothing read yet
        //  3-6                                       | wait-readers, write-protect, flush-tlb,
        //                                            |   read-old(w0) of bitmap 0: {}
        //  7                                         | round 1: switch-bitmap (bitmap 0 active again)
        //  8 guest-write(p0): EPT violation          |
        //  9 make-writable(p0): W[p0] = 1            |
        // 10,11 mark-dirty.load/.store: bitmap 0     |
        // 12 guest-write(p0): mem[p0] = 1            |
        // 13                                         | clear-old(w0): zeroes bitmap 0, read last
        //                                            |   round but active since step 7
        "switch-clear-after-next-switch", race(0, 1, 0,
            "harvester:switch-bitmap", "harvester:clear-old(w0)", "harvester:wait-readers",
            "harvester:write-protect(w0)", "harvester:flush-tlb", "harvester:read-old(w0)",
            "harvester:switch-bitmap", "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)",
            "vcpu0:mark-dirty.load(p0)", "vcpu0:mark-dirty.store(p0)", "vcpu0:guest-write(p0)",
            "harvester:clear-old(w0)"),

        //    vCPU0                                   | harvester
        //  1-5 p0 faults, bitmap 0 = {p0}, in tlb[0] |
        //  6-8                                       | switch-bitmap, wait-readers, write-protect(w0)
        //  9                                         | read-old(w0): {p0}
        // 10                                         | send(p0): dest[p0] = 1 (flush still to come)
        // 11 guest-write(p0): TLB hit, mem[p0] = 2   |
        // 12                                         | flush-tlb: too late
        "switch-send-before-flush", race(0, 2, 1,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "vcpu0:mark-dirty.store(p0)", "vcpu0:guest-write(p0)",
            "harvester:switch-bitmap", "harvester:wait-readers", "harvester:write-protect(w0)",
            "harvester:read-old(w0)", "harvester:send(p0)", "vcpu0:guest-write(p0)", "harvester:flush-tlb"),

        //    vCPU0 (holds mmu_lock)                  | host (no mmu_lock)
        //  1 guest-write(p0): EPT violation          |
        //  2 make-writable(p0): W[p0] = 1            |
        //  3 mark-dirty.load(p0): loaded = {}        |
        //  4                                         | host-write(p1): mem[p1] = 1
        //  5,6                                       | mark-dirty.load/.store(p1): bitmap 0 = {p1}
        //  7 mark-dirty.store(p0): bitmap 0 = {p0};  |
        //    p1's bit is overwritten                 |
        "switch-host-nonatomic", race(1, 1, 0,
            "vcpu0:guest-write(p0)", "vcpu0:make-writable(p0)", "vcpu0:mark-dirty.load(p0)",
            "host:host-write(p1)", "host:mark-dirty.load(p1)", "host:mark-dirty.store(p1)",
            "vcpu0:mark-dirty.store(p0)"));
}
