package dirtyproof.family;

import dirtyproof.kvm.Kvm;
import dirtyproof.kvm.Marker;
import dirtyproof.kvm.Tracker;
import dirtyproof.model.Actor;
import dirtyproof.model.Event;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trivial second family, for the tests of the seam: "seen-log" records a dirty page by remembering it in a
 * set (its own {@link Tracker}, not a bitmap), and its harvester takes the set, write-protects the pages and
 * flushes in one atomic step ({@code copy-to-user}), then sends them. It is registered only in impl's test
 * resources, and runs through {@code ScheduleDriver}, the TLC replay and the sampling back-ends' operations
 * without any of them knowing it.
 */
public final class SeenFamily implements Family {

    public static final String ID = "seen-log";

    /** No keys of its own. */
    record Config() implements FamilyConfig {
        @Override
        public Map<String, Object> keys() {
            return Map.of();
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "test family: a set of seen pages";
    }

    @Override
    public List<String> keys() {
        return List.of();
    }

    @Override
    public FamilyConfig parse(KeyReader keys) {
        return new Config();
    }

    @Override
    public Variant defaults(String name) {
        return new Variant(name, ID, "", MachineConfig.TODAY, defaultBounds(), new Config(), null, null);
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.MARK_DIRTY, Step.COPY_TO_USER, Step.SEND, Step.PAUSE_VCPUS);
    }

    @Override
    public Migration start(Variant v) {
        return new SeenLog(v);
    }

    @Override
    public TlaModel tla(Variant v) {
        return new TlaModel("SeenLog", TlaModel.machineConstants(v.bounds(), v.machine()), TlaModel.INVARIANTS);
    }

    @Override
    public List<Op> liveRounds(Variant v) {
        return List.of(Op.liveRounds("harvester"));
    }

    @Override
    public List<Scenario> scenarios(Variant v) {
        return Scenarios.standard(v, liveRounds(v));
    }

    /** The migration: the shared machine, the set of seen pages, and a one-step harvester. */
    static final class SeenLog extends Kvm {
        /** The pages marked since the last harvest; guarded by itself. */
        final Set<Integer> seen = new TreeSet<>();
        final Harvester harvester = new Harvester();

        SeenLog(Variant v) {
            super(v);
            start((actor, vcpu) -> new Marker() {
                @Override
                public List<Step> steps() {
                    return List.of(Step.MARK_DIRTY);
                }

                @Override
                public boolean step(int k, int p) {
                    synchronized (seen) {
                        seen.add(p);
                    }
                    return true;
                }
            });
            addActor(harvester);
        }

        @Override
        public boolean finished() {
            return harvester.done();
        }

        @Override
        protected void observeFamily(Map<String, Object> into) {
            Set<Long> s = new TreeSet<>();
            synchronized (seen) {
                for (int p : seen) {
                    s.add((long) p);
                }
            }
            into.put("seen", s);
        }

        @Override
        protected String familyNote(Event e, Map<String, Object> before) {
            return e.step() == Step.MARK_DIRTY || e.step() == Step.COPY_TO_USER ? "seen=" + observe().get("seen") : "";
        }

        @Override
        protected boolean performFamily(Op op) {
            while (!harvester.finalRound()) {
                Event e = harvester.next();
                while (!harvester.take(e)) {
                    Thread.onSpinWait();
                }
            }
            return true;
        }

        /** copy-to-user (take the set, protect, flush), send each page; the final round after pause-vcpus. */
        final class Harvester implements Actor {
            private int round;
            private boolean pausing;
            private final List<Integer> toSend = new ArrayList<>();
            private boolean harvested;

            @Override
            public String name() {
                return "harvester";
            }

            boolean finalRound() {
                return round >= variant.bounds().rounds();
            }

            @Override
            public boolean done() {
                return round > variant.bounds().rounds();
            }

            Event next() {
                if (done()) {
                    return null;
                }
                if (finalRound() && !pausing) {
                    return Event.of(name(), Step.PAUSE_VCPUS);
                }
                if (!harvested) {
                    return Event.of(name(), Step.COPY_TO_USER);
                }
                return Event.of(name(), Step.SEND, toSend.get(0));
            }

            @Override
            public List<Event> enabled() {
                Event e = next();
                return e == null || (e.step() == Step.PAUSE_VCPUS && !quiescent()) ? List.of() : List.of(e);
            }

            @Override
            public boolean take(Event e) {
                if (!e.equals(next())) {
                    return false;
                }
                switch (e.step()) {
                    case PAUSE_VCPUS:
                        if (!kvm_vm_pause()) {
                            return false;
                        }
                        pausing = true;
                        break;
                    case COPY_TO_USER:
                        synchronized (seen) {
                            toSend.addAll(seen);
                            for (int p : seen) {
                                m.spteW.set(p, 0);
                            }
                            seen.clear();
                        }
                        kvm_flush_remote_tlbs();
                        harvested = true;
                        break;
                    default:
                        int p = toSend.remove(0);
                        m.dest.set(p, m.mem.get(p));
                }
                if (harvested && toSend.isEmpty()) {
                    harvested = false;
                    round++;
                }
                return record(e);
            }
        }
    }
}
