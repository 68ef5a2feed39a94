package dirtyproof.jcstress;

import dirtyproof.family.Op;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.run.ScheduleDriver;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;


import java.util.List;
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
 * A variant's protocol on real threads: one migration per sample (its family's {@code start}), two actors racing
 * one of the family's generated scenarios with two threads ({@link RaceScenarios}), everything else of the
 * scenario run before (the state constructor: its init) or after (the arbiter: its post, then the final round and
 * the oracle NoLostWrite).
 *
 * <p>The variant comes from the system property {@value VariantHolder#PROPERTY} (a YAML file written with
 * {@code VariantLoader.toYaml}); the jcstress back-end passes it to the forked JVMs. Without it the test
 * errors out (never passes silently).
 *
 * <p>Samples rotate through the races, so that every pair of concurrent actors the family has (vCPU × vCPU,
 * vCPU × host, vCPU × migration side, host × migration side) gets its share: the races and their order are a
 * function of the variant alone, so the back-end names a losing race by its number. A writer's thread repeats its
 * operations {@code burst} times (the variant's writes bound raised to fit); a <em>primed</em> race has its first
 * guest write's store taken in the state constructor, so that the fault path it enters races the other thread
 * from its first step.
 *
 * <p>With {@code fault-path: mixed} the generated scenarios hold writes whose faults take the slow path as well
 * as fast ones (a primed fault picks one of the two enabled first steps at random); with {@code aging: true}
 * the aging actor is one more actor whose access-tracking steps race the others like any writer's.
 *
 * <p>Both actors meet at a per-sample gate before their first step: jcstress runs each actor over many
 * samples in a row, and actors of different lengths would otherwise drift apart and race other samples'
 * machines. The gate, the priming and the bursts only make the windows likelier; the protocol steps, their
 * atomicity and the oracle are the implementation's own.
 */
@JCStressTest
@Description("a protocol on real threads: can a guest write be lost during live migration? (variant from -D"
        + VariantHolder.PROPERTY + ")")
@Outcome(id = "0, .*", expect = ACCEPTABLE,
        desc = "NoLostWrite holds: dest = mem for every page after the final round (lost, race, -1, -1, -1)")
@Outcome(id = "1, .*", expect = FORBIDDEN,
        desc = "LOST WRITE (lost, race, page, mem, dest): a write never reached the destination")
@State
public class ProtocolRace {

    private static final AtomicInteger SAMPLES = new AtomicInteger();

    private final Migration kvm;
    private final int race;
    private final List<Op> first;
    private final List<Op> second;
    private final List<Op> post;
    /** The first thread's actor has a guest write in progress (primed): finish it before its operations. */
    private final boolean finishFirst;
    private final AtomicInteger gate = new AtomicInteger();
    private final EventLog events;

    public ProtocolRace() {
        VariantHolder v = VariantHolder.get();
        kvm = v.stressed().family().start(v.stressed());
        events = v.traces() ? new EventLog(kvm.actors().stream().map(dirtyproof.model.Actor::name)
                .collect(java.util.stream.Collectors.toList())) : null;
        if (events != null) {
            kvm.setListener(events);
        }
        List<RaceScenarios.Race> races = v.races();
        race = Math.floorMod(SAMPLES.getAndIncrement(), races.size());
        RaceScenarios.Race r = races.get(race);
        for (Op op : r.scenario().init()) {
            kvm.perform(op);
        }
        List<Op> a = RaceScenarios.burst(kvm, r.scenario().threads().get(0), v.burst());
        second = RaceScenarios.burst(kvm, r.scenario().threads().get(1), v.burst());
        post = r.scenario().post();
        boolean finish = false;
        if (r.primed()) {
            // the first store of the first thread is taken here: a write-protected page takes its EPT violation,
            // and the fault path is what races the other thread
            Op w = a.get(0);
            dirtyproof.model.Actor vcpu = kvm.actor(w.actor());
            if (vcpu.take(new dirtyproof.model.Event(w.actor(), dirtyproof.model.Step.GUEST_WRITE, w.arg()))) {
                if (vcpu.busy()) {
                    finish = true;
                } else {
                    a = a.subList(1, a.size());
                }
            }
        }
        first = a;
        finishFirst = finish;
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

    private void run(List<Op> ops) {
        for (Op op : ops) {
            kvm.perform(op);
        }
    }

    /** The first thread of the race (a writer; with priming, its fault path first). */
    @Actor
    public void first() {
        meet();
        if (finishFirst) {
            dirtyproof.model.Actor a = kvm.actor(first.get(0).actor());
            while (a.busy()) {
                // at the choice of the mixed path (fast or slow), either enabled first step, at random
                List<dirtyproof.model.Event> next = a.enabled();
                if (next.isEmpty() || !a.take(next.get(next.size() == 1 ? 0
                        : java.util.concurrent.ThreadLocalRandom.current().nextInt(next.size())))) {
                    Thread.onSpinWait();
                }
            }
        }
        run(first);
    }

    /** The second thread of the race (another writer, or the migration side's live rounds). */
    @Actor
    public void second() {
        meet();
        run(second);
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        run(post);
        ScheduleDriver.complete(kvm);
        List<LostWrite> lost = kvm.lostWrites();
        r.r2 = race;
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
            VariantHolder.get().saveTrace(kvm, events, lost, race);
        }
    }
}
