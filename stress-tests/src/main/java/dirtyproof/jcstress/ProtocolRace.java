package dirtyproof.jcstress;

import dirtyproof.family.Op;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.run.ScheduleDriver;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

import dirtyproof.variant.FaultPath;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    How to run this test (the variant is chosen at run time, one class serves every variant of every family):

       $ mvn -pl stress-tests package
       $ cd stress-tests/target
       $ java -jar jcstress.jar -t ProtocolRace -m sanity \
              -jvmArgsPrepend "-Ddirtyproof.variant=$PWD/../../variants/get-log/no-flush.yaml"

    or, with the verdict, the counts and a losing trace: ./dirtyproof check variants/get-log/no-flush.yaml --backend jcstress
 */

/**
 * A variant's protocol on real threads: one migration per sample (its family's {@code start}), the racing
 * steps of a live round on two threads, then the final round in the arbiter and the oracle NoLostWrite.
 *
 * <p>The variant comes from the system property {@value VariantHolder#PROPERTY} (a YAML file written with
 * {@code VariantLoader.toYaml}); the jcstress back-end passes it to the forked JVMs. Without it the test
 * errors out (never passes silently).
 *
 * <p>Each sample is one migration. The state constructor puts the machine just before the
 * race: vCPU0 has written p0 (p0 is dirty, writable and cached in vCPU0's TLB); p1 is clean and
 * write-protected. Then two of the three racing parties run concurrently, one per actor, and the third runs
 * before or after them (jcstress runs no more actors than there are CPUs, and the machines this runs on have
 * two). Samples rotate through the scenarios, so that each race of DESIGN.md §5 has a primed window:
 *
 * <pre>
 *  scenario         pre-state extra             guest actor                           kernel actor            arbiter
 *  0 stale-tlb      -                           vcpu0: a burst of writes to p0, exit  live rounds             final round, NoLostWrite
 *  1 fresh-fault    -                           vcpu0: p1 (faults), p0, p1, ..., exit live rounds             final round, NoLostWrite
 *  2 mid-fault      vcpu0's write to p1 took    vcpu0: the rest of the fault path,    live rounds             final round, NoLostWrite
 *                   its EPT violation           the retried write, p0, p1, ..., exit
 *  3 host-harvest   -                           host: one write to p1                 live rounds             final round, NoLostWrite
 *  4 two-setters    -                           vcpu0: p1 (faults), p0, p1, ..., exit host: one write to p0   live rounds, final round
 *
 * "live rounds" are the family's ({@code Family.liveRounds}): for get-log the harvester's.
 * </pre>
 *
 * Scenarios 3 and 4 run only for variants with host writes. "exit": after its burst the vCPU leaves the
 * guest and serves a pending asynchronous flush request (flush: async); a synchronous flush needs no help.
 *
 * <p>With {@code fault-path: mixed} every fault of the burst takes the fast or the slow path at random (a
 * fault in progress at the choice picks one of the two enabled first steps at random): jcstress samples the
 * choice that Lincheck's scenarios make both ways. With {@code aging: true} the aging actor runs on the guest
 * thread: every other sample starts with p0 aged (W clear, still cached writable in vCPU0's TLB), and during
 * the burst the page about to be written is aged now and then, before the write.
 *
 * <p>Both actors meet at a per-sample gate before their first step: jcstress runs each actor over many
 * samples in a row, and actors of different lengths would otherwise drift apart and race other samples'
 * machines. The gate, the pre-state, the burst and the scenarios only make the windows likelier; the protocol
 * steps, their atomicity and the oracle are the implementation's own.
 */
@JCStressTest
@Description("a protocol on real threads: can a guest write be lost during live migration? (variant from -D"
        + VariantHolder.PROPERTY + ")")
@Outcome(id = "0, 0, -1, -1, -1", expect = ACCEPTABLE,
        desc = "stale-tlb: NoLostWrite holds, dest = mem for every page after the final round")
@Outcome(id = "0, 1, -1, -1, -1", expect = ACCEPTABLE,
        desc = "fresh-fault: NoLostWrite holds, dest = mem for every page after the final round")
@Outcome(id = "0, 2, -1, -1, -1", expect = ACCEPTABLE,
        desc = "mid-fault: NoLostWrite holds, dest = mem for every page after the final round")
@Outcome(id = "0, 3, -1, -1, -1", expect = ACCEPTABLE,
        desc = "host-harvest: NoLostWrite holds, dest = mem for every page after the final round")
@Outcome(id = "0, 4, -1, -1, -1", expect = ACCEPTABLE,
        desc = "two-setters: NoLostWrite holds, dest = mem for every page after the final round")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN,
        desc = "stale-tlb: LOST WRITE (lost, scenario, page, mem, dest): a write never reached the destination")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN,
        desc = "fresh-fault: LOST WRITE (lost, scenario, page, mem, dest): a write never reached the destination")
@Outcome(id = "1, 2, .*", expect = FORBIDDEN,
        desc = "mid-fault: LOST WRITE (lost, scenario, page, mem, dest): a write never reached the destination")
@Outcome(id = "1, 3, .*", expect = FORBIDDEN,
        desc = "host-harvest: LOST WRITE (lost, scenario, page, mem, dest): a write never reached the destination")
@Outcome(id = "1, 4, .*", expect = FORBIDDEN,
        desc = "two-setters: LOST WRITE (lost, scenario, page, mem, dest): a write never reached the destination")
@State
public class ProtocolRace {

    public static final int STALE_TLB = 0;
    public static final int FRESH_FAULT = 1;
    public static final int MID_FAULT = 2;
    public static final int HOST_HARVEST = 3;
    public static final int TWO_SETTERS = 4;
    /** The scenarios' names, by number, as the outcomes and reports call them. */
    public static final java.util.List<String> SCENARIOS =
            java.util.List.of("stale-tlb", "fresh-fault", "mid-fault", "host-harvest", "two-setters");

    private static final AtomicInteger SAMPLES = new AtomicInteger();

    private final Migration kvm;
    private final dirtyproof.model.Actor vcpu0;
    private final dirtyproof.model.Actor host;
    private final List<Op> liveRounds;
    private final int scenario;
    private final int p0;
    private final int p1;
    private final int burst;
    private final AtomicInteger gate = new AtomicInteger();
    private final boolean mixed;
    private final boolean aging;
    private final EventLog events;

    public ProtocolRace() {
        VariantHolder v = VariantHolder.get();
        kvm = v.stressed().family().start(v.stressed());
        events = v.traces() ? new EventLog() : null;
        if (events != null) {
            kvm.setListener(events);
        }
        vcpu0 = kvm.actor("vcpu0");
        host = kvm.actor("host");
        liveRounds = v.stressed().family().liveRounds(v.stressed());
        burst = v.burst();
        int n = SAMPLES.getAndIncrement();
        scenario = host == null ? n % 3 : n % 5;
        p0 = 0;
        p1 = v.stressed().bounds().pages() > 1 ? 1 : 0;
        mixed = v.stressed().machine().faultPath() == FaultPath.MIXED;
        aging = v.stressed().machine().aging();
        // the pre-state: vCPU0 wrote p0 (faulted, made it writable, marked it, cached it)
        if (!kvm.perform(Op.guestWrite(0, p0))) {
            throw new IllegalStateException("pre-state: vcpu0 could not write p0: " + kvm);
        }
        if (aging && (n / 5) % 2 == 0) {
            // p0 aged: read-only SPTE, writable TLB entry, still marked
            if (!kvm.perform(Op.accessTrack(p0))) {
                throw new IllegalStateException("pre-state: p0 could not be aged: " + kvm);
            }
        }
        if (scenario == MID_FAULT && p1 != p0 && kvm.machine().spteW.get(p1) == 0) {
            // vCPU0 stores to p1, which is write-protected: the EPT violation is taken, the fault path is next.
            // (A variant whose pages start writable -- clear-log's initially-set -- has no such window: the
            // sample then races as fresh-fault does.)
            if (!vcpu0.take(new Event(vcpu0.name(), Step.GUEST_WRITE, p1)) || !vcpu0.busy()) {
                throw new IllegalStateException("pre-state: vcpu0's write to p1 did not fault: " + kvm);
            }
        }
    }

    /** Waits until both actors of this sample have arrived. */
    private void meet() {
        gate.incrementAndGet();
        int spins = 0;
        while (gate.get() < 2) {
            if (++spins < 1024) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void vcpuBurst() {
        int i = 0;
        if (vcpu0.busy()) {
            // the rest of the fault path, in the variant's fault-order (spinning on mmu_lock when locked)
            while (vcpu0.busy()) {
                List<Event> next = vcpu0.enabled();
                if (next.isEmpty() || !vcpu0.take(next.get(next.size() == 1 ? 0
                        : ThreadLocalRandom.current().nextInt(next.size())))) {
                    Thread.onSpinWait();
                }
            }
            if (!kvm.perform(write(p1))) {
                throw new IllegalStateException("vcpu0 could not retry its write to p1: " + kvm);
            }
            i = 1;
        }
        for (; i < burst; i++) {
            int p = scenario == STALE_TLB ? p0 : ((i & 1) == 0 ? p1 : p0);
            if (aging && ThreadLocalRandom.current().nextInt(4) == 0) {
                kvm.perform(Op.accessTrack(p));
            }
            if (!kvm.perform(write(p))) {
                throw new IllegalStateException("vcpu0 could not write p" + p + ": " + kvm);
            }
        }
        // the vCPU exits after its burst: a pending KVM_REQ_TLB_FLUSH is served on the way
        kvm.perform(Op.applyFlush(0));
    }

    /** vCPU0's write of p; with fault-path: mixed, its faults take the fast or the slow path at random. */
    private Op write(int p) {
        return mixed && ThreadLocalRandom.current().nextBoolean() ? Op.guestWriteSlow(0, p) : Op.guestWrite(0, p);
    }

    private void hostWrite(int p) {
        if (!kvm.perform(Op.hostWrite(p))) {
            throw new IllegalStateException("host could not write p" + p + ": " + kvm);
        }
    }

    private void liveRounds() {
        for (Op op : liveRounds) {
            kvm.perform(op);
        }
    }

    /** vCPU0's guest writes, or (scenario host-harvest) the host writer. */
    @Actor
    public void guest() {
        meet();
        if (scenario == HOST_HARVEST) {
            hostWrite(p1);
        } else {
            vcpuBurst();
        }
    }

    /** The migration side's live rounds, or (scenario two-setters) the host writer. */
    @Actor
    public void kernel() {
        meet();
        if (scenario == TWO_SETTERS) {
            hostWrite(p0);
        } else {
            liveRounds();
        }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        liveRounds();
        ScheduleDriver.complete(kvm);
        List<LostWrite> lost = kvm.lostWrites();
        r.r2 = scenario;
        if (lost.isEmpty()) {
            r.r1 = 0;
            r.r3 = -1;
            r.r4 = -1;
            r.r5 = -1;
            return;
        }
        LostWrite l = lost.get(0);
        r.r1 = 1;
        r.r3 = l.page();
        r.r4 = l.mem();
        r.r5 = l.dest();
        if (events != null) {
            VariantHolder.get().saveTrace(kvm, events, lost, scenario);
        }
    }
}
