package dirtyproof.ring;

import dirtyproof.model.Event;
import dirtyproof.run.ScheduleDriver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One explicit race per unsafe ring variant, written as the kernel's commit messages write races: numbered
 * steps, one column per actor (vCPU | userspace and its ioctls). Each schedule ends right after the write that
 * will never be sent again; the driver finishes the migration and the oracle must report that page.
 * Ring indices are shown where they matter ("e0": entry 0, di/ri: dirty_index/reset_index).
 */
public final class RingRaces {

    /** A race: the schedule, and the write it must lose under its catalog variant (variants/ring*). */
    public record Race(List<Event> schedule, int page, int mem, int dest) {
    }

    private RingRaces() {
    }

    /** vCPU 0 dirties p0 through a fault and a push, and caches it writable. */
    static final String[] DIRTY_P0 = {
        "vcpu0:guest-write(p0)",     // EPT violation: W[p0] clear since logging was enabled
        "vcpu0:make-writable(p0)",   // fast_pf_fix_direct_spte: W[p0] = 1
        "vcpu0:push.fields(p0)",     // e0.gfn = p0
        "vcpu0:push.flag(p0)",       // e0.flags = DIRTY, di = 1
        "vcpu0:guest-write(p0)",     // the retried store: tlb[0] = {p0}, mem[p0] = 1
    };

    /** QEMU collects ring 0's one entry. */
    static final String[] COLLECT = {
        "harvester:collect.load-flag(v0)",   // e0 DIRTY
        "harvester:collect.read-gfn(v0)",    // p0
        "harvester:collect.mark-reset(v0)",  // e0 RESET; p0 collected, fetch = 1
        "harvester:collect.load-flag(v0)",   // e1 not DIRTY: the collect is over
    };

    /** KVM_RESET_DIRTY_RINGS resets e0 and write-protects p0. */
    static final String[] RESET = {
        "harvester:reset.read(v0)",          // slots_lock; e0 RESET: p0
        "harvester:reset.invalidate(v0)",    // e0 flags = 0, ri = 1
        "harvester:reset.read(v0)",          // e1 not RESET: the walk ends
        "harvester:reset.write-protect(v0)", // W[p0] = 0 (tlb[0] keeps p0); slots_lock dropped
    };

    static String[] seq(String[]... parts) {
        List<String> l = new ArrayList<>();
        for (String[] p : parts) {
            l.addAll(Arrays.asList(p));
        }
        return l.toArray(new String[0]);
    }

    static String[] of(String... s) {
        return s;
    }

    private static Race race(int page, int mem, int dest, String... entries) {
        return new Race(ScheduleDriver.parse(List.of(entries)), page, mem, dest);
    }

    public static final Map<String, Race> RACES = new LinkedHashMap<>();

    static {
        //   vCPU0                               | harvester
        // 1-5 p0 dirty, pushed to e0, in tlb[0]  |
        // 6-9                                    | collect: p0; e0 RESET
        // 10                                     | send(p0): dest = 1, before the reset
        // 11 guest-write(p0): TLB hit, mem = 2,  |
        //    W still set: nothing pushed         |
        // 12-16                                  | reset (p0 protected), flush
        //                                        | final round: the ring is empty, p0 never sent again
        RACES.put("ring-send-before-reset", race(0, 2, 1,
                seq(DIRTY_P0, COLLECT, of("harvester:send(p0)", "vcpu0:guest-write(p0)"), RESET,
                        of("harvester:flush-tlb"))));

        //   vCPU0                               | harvester
        // 1-5 p0 dirty, in tlb[0]                |
        // 6-13                                   | collect, reset: W[p0] = 0, no flush
        // 14                                     | send(p0): dest = 1
        // 15 guest-write(p0): stale TLB entry,   |
        //    mem = 2, no fault, nothing pushed   |
        RACES.put("ring-reset-no-flush", race(0, 2, 1,
                seq(DIRTY_P0, COLLECT, RESET, of("harvester:send(p0)", "vcpu0:guest-write(p0)"))));

        //   vCPU0 (ring of 2, soft limit 1, not honoured) | harvester
        // 1-5   p0 pushed to e0 (di = 1)                   |
        // 6-10  p1 pushed to e1 (di = 2: full)             |
        // 11-15 p2 pushed: di & 1 = e0, WARN (full),       |
        //       e0 := p2, p0's entry overwritten           |
        // 16-30                                            | collect p2 (e0), p1 (e1); reset; flush;
        //                                                  | send(p1), send(p2)
        //                                                  | final round: p0 (mem 1) was never collected
        RACES.put("ring-ignore-soft-limit", race(0, 1, 0,
                seq(DIRTY_P0,
                        of("vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)", "vcpu0:push.fields(p1)",
                                "vcpu0:push.flag(p1)", "vcpu0:guest-write(p1)"),
                        of("vcpu0:guest-write(p2)", "vcpu0:make-writable(p2)", "vcpu0:push.fields(p2)",
                                "vcpu0:push.flag(p2)", "vcpu0:guest-write(p2)"),
                        of("harvester:collect.load-flag(v0)", "harvester:collect.read-gfn(v0)",
                                "harvester:collect.mark-reset(v0)", "harvester:collect.load-flag(v0)",
                                "harvester:collect.read-gfn(v0)", "harvester:collect.mark-reset(v0)",
                                "harvester:collect.load-flag(v0)"),
                        of("harvester:reset.read(v0)", "harvester:reset.invalidate(v0)", "harvester:reset.read(v0)",
                                "harvester:reset.invalidate(v0)", "harvester:reset.read(v0)",
                                "harvester:reset.write-protect(v0)", "harvester:flush-tlb",
                                "harvester:send(p1)", "harvester:send(p2)"))));

        //   vCPU0 (flag stored before the fields) | harvester
        // 1 guest-write(p1): EPT violation         |
        // 2 make-writable(p1): W[p1] = 1           |
        // 3 push.flag(p1): e0 DIRTY, e0.gfn = p0   |
        //   (vzalloc's 0, not yet p1)              |
        // 4                                        | collect.load-flag: e0 DIRTY
        // 5                                        | collect.read-gfn: p0, the stale gfn
        // 6                                        | collect.mark-reset: e0 RESET; p0 collected
        // 7 push.fields(p1): e0.gfn = p1, di = 1   |
        // 8 guest-write(p1): mem[p1] = 1           |
        // 9-14                                     | collect ends; reset e0 protects p1 (its gfn now)
        // 15                                       | send(p0): the wrong page; p1 is never sent
        RACES.put("ring-push-flag-first", race(1, 1, 0,
                "vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)", "vcpu0:push.flag(p1)",
                "harvester:collect.load-flag(v0)", "harvester:collect.read-gfn(v0)", "harvester:collect.mark-reset(v0)",
                "vcpu0:push.fields(p1)", "vcpu0:guest-write(p1)",
                "harvester:collect.load-flag(v0)",
                "harvester:reset.read(v0)", "harvester:reset.invalidate(v0)", "harvester:reset.read(v0)",
                "harvester:reset.write-protect(v0)", "harvester:flush-tlb", "harvester:send(p0)"));

        //   vCPU0                                  | harvester (reads the gfn before the flag)
        // 1                                        | collect.read-gfn: e0.gfn = p0 (vzalloc's 0)
        // 2-5 guest-write(p1), make-writable,      |
        //     push.fields (e0.gfn = p1), push.flag |
        // 6 guest-write(p1): mem[p1] = 1           |
        // 7                                        | collect.load-flag: e0 DIRTY, so the stale p0 stands
        // 8                                        | collect.mark-reset: e0 RESET; p0 collected
        // 9-15                                     | collect ends; reset e0 protects p1; flush
        // 16                                       | send(p0); p1 is never sent
        RACES.put("ring-collect-no-acquire", race(1, 1, 0,
                "harvester:collect.read-gfn(v0)",
                "vcpu0:guest-write(p1)", "vcpu0:make-writable(p1)", "vcpu0:push.fields(p1)", "vcpu0:push.flag(p1)",
                "vcpu0:guest-write(p1)",
                "harvester:collect.load-flag(v0)", "harvester:collect.mark-reset(v0)",
                "harvester:collect.read-gfn(v0)", "harvester:collect.load-flag(v0)",
                "harvester:reset.read(v0)", "harvester:reset.invalidate(v0)", "harvester:reset.read(v0)",
                "harvester:reset.write-protect(v0)", "harvester:flush-tlb", "harvester:send(p0)"));

        //   vCPU0                               | harvester
        // 1-5 p0 dirty, in tlb[0]                |
        // 6-9                                    | collect: p0
        // 10                                     | reset.read: e0 RESET, p0 opens the batch
        // 11                                     | reset.invalidate: e0 = 0, ri = 1, cleared = 1
        // 12                                     | reset.interrupt: signal_pending at the loop's top:
        //                                        | -EINTR, kvm_reset_dirty_gfn(batch {p0}) never runs;
        //                                        | the ioctl returns cleared = 1 = what QEMU collected
        // 13                                     | flush-tlb (cleared): tlb[0] = {}
        // 14                                     | send(p0): dest = 1
        // 15 guest-write(p0): W[p0] still 1,     |
        //    mem = 2, no fault, nothing pushed   |
        RACES.put("ring-reset-interrupt", race(0, 2, 1,
                seq(DIRTY_P0, COLLECT, of("harvester:reset.read(v0)", "harvester:reset.invalidate(v0)",
                        "harvester:reset.interrupt(v0)", "harvester:flush-tlb", "harvester:send(p0)",
                        "vcpu0:guest-write(p0)"))));

        //   vCPU0                   | harvester                     | reaper1
        // 1-5 p0 dirty, in tlb[0]    |                               |
        // 6-9                        | collect: p0, e0 RESET         |
        // 10-13                      |                               | its RESET: e0 reset, W[p0] = 0,
        //                            |                               | slots_lock dropped, flush pending
        // 14                         | its RESET: e1 not RESET,      |
        //                            | nothing reset                 |
        // 15                         | flush-tlb: cleared = 0, none  |
        // 16                         | send(p0): dest = 1            |
        // 17 guest-write(p0): stale  |                               |
        //    TLB entry, mem = 2      |                               |
        // 18                         |                               | flush-tlb: too late
        RACES.put("ring-concurrent-reset", race(0, 2, 1,
                seq(DIRTY_P0, COLLECT,
                        of("reaper1:reset.read(v0)", "reaper1:reset.invalidate(v0)", "reaper1:reset.read(v0)",
                                "reaper1:reset.write-protect(v0)",
                                "harvester:reset.read(v0)", "harvester:flush-tlb", "harvester:send(p0)",
                                "vcpu0:guest-write(p0)", "reaper1:flush-tlb"))));

        //   vCPU0                               | harvester
        // 1-5 p0 dirty, in tlb[0]                |
        // 6-13                                   | collect, reset: W[p0] = 0
        // 14                                     | flush-tlb: a KVM_REQ_TLB_FLUSH per vCPU, not waited for
        // 15                                     | send(p0): dest = 1
        // 16 guest-write(p0): TLB hit, mem = 2   |
        // 17 apply-flush: too late               |
        RACES.put("ring-async-flush", race(0, 2, 1,
                seq(DIRTY_P0, COLLECT, RESET, of("harvester:flush-tlb", "harvester:send(p0)", "vcpu0:guest-write(p0)",
                        "vcpu0:apply-flush"))));

        //   vCPU0                               | harvester (skips one DIRTY entry)
        // 1-5 p0 dirty, pushed to e0             |
        // 6                                      | collect.skip: fetch = 1, e0 stays DIRTY
        // 7                                      | collect.load-flag: e1 not DIRTY, done
        // 8                                      | reset.read: e0 is DIRTY, not RESET: nothing reset
        // 9                                      | flush-tlb: nothing cleared
        //                                        | final round: the collector starts at e1; p0 never sent
        RACES.put("ring-collect-skip", race(0, 1, 0,
                seq(DIRTY_P0, of("harvester:collect.skip(v0)", "harvester:collect.load-flag(v0)",
                        "harvester:reset.read(v0)", "harvester:flush-tlb"))));

        //   harvester (plain ring)
        // 1-3  live round: nothing collected, nothing reset
        // 4    pause-vcpus
        // 5    device-save(p0): mem[p0] = 1 with no running vCPU: no ring, no bitmap, dropped
        RACES.put("ring-vcpuless-write", race(0, 1, 0,
                "harvester:collect.load-flag(v0)", "harvester:reset.read(v0)", "harvester:flush-tlb",
                "harvester:pause-vcpus", "harvester:device-save(p0)"));

        //   harvester (ring-with-bitmap)
        // 1-3  live round: nothing
        // 4    pause-vcpus
        // 5    get-bitmap: empty
        // 6    device-save(p0): bitmap = {p0}, read by nobody
        RACES.put("ring-bitmap-before-device-save", race(0, 1, 0,
                "harvester:collect.load-flag(v0)", "harvester:reset.read(v0)", "harvester:flush-tlb",
                "harvester:pause-vcpus", "harvester:get-bitmap", "harvester:device-save(p0)"));

        //   harvester (ring-with-bitmap, the bitmap never read)
        // 4    pause-vcpus
        // 5    device-save(p0): bitmap = {p0}
        RACES.put("ring-bitmap-never-read", race(0, 1, 0,
                "harvester:collect.load-flag(v0)", "harvester:reset.read(v0)", "harvester:flush-tlb",
                "harvester:pause-vcpus", "harvester:device-save(p0)"));
    }
}
