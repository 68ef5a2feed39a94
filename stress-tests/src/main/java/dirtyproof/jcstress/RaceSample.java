package dirtyproof.jcstress;

import dirtyproof.family.Op;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.run.ScheduleDriver;
import org.openjdk.jcstress.infra.results.IIIII_Result;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sample of a variant's race, what every slot's jcstress test ({@link ProtocolRace}, {@code RaceSlot1..7})
 * runs: the state constructor puts a fresh migration of the slot's variant before one of its races ({@link
 * RaceScenarios}), {@link #runFirst} and {@link #runSecond} are the two actors, {@link #judge} the arbiter. See
 * {@link ProtocolRace} for what a sample does and why; this class carries no jcstress annotation, so that
 * jcstress sees only the slot classes that extend it.
 */
abstract class RaceSample {

    /** The outcome descriptions of every slot's test (jcstress prints them in its tables). */
    static final String NO_LOST_WRITE =
            "NoLostWrite holds: dest = mem for every page after the final round (lost, race, -1, -1, -1)";
    static final String LOST_WRITE = "LOST WRITE (lost, race, page, mem, dest): a write never reached the destination";

    private final Migration kvm;
    private final int race;
    private final List<Op> first;
    private final List<Op> second;
    private final List<Op> post;
    /** The first thread's actor has a guest write in progress (primed): finish it before its operations. */
    private final boolean finishFirst;
    private final AtomicInteger gate = new AtomicInteger();
    private final EventLog events;
    private final VariantHolder holder;

    /** A fresh sample of slot {@code slot}'s variant (jcstress's state constructor). */
    protected RaceSample(int slot) {
        VariantHolder v = VariantHolder.get(slot);
        holder = v;
        kvm = v.stressed().family().start(v.stressed());
        events = v.traces() ? new EventLog(kvm.actors().stream().map(dirtyproof.model.Actor::name)
                .collect(java.util.stream.Collectors.toList())) : null;
        if (events != null) {
            kvm.setListener(events);
        }
        List<RaceScenarios.Race> races = v.races();
        race = Math.floorMod(v.nextSample(), races.size());
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

    /** The first thread of the race (a writer; with priming, its fault path first): the first actor. */
    protected final void runFirst() {
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

    /** The second thread of the race (another writer, or the migration side's live rounds): the second actor. */
    protected final void runSecond() {
        meet();
        run(second);
    }

    /** The post part, the final round and NoLostWrite (the arbiter): {@code (lost, race, page, mem, dest)}. */
    protected final void judge(IIIII_Result r) {
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
            holder.saveTrace(kvm, events, lost, race);
        }
    }
}
