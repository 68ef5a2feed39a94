package dirtyproof.lincheck;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The scenarios the protocol model check runs for a variant: small, fixed programs for the writers, each
 * in parallel with the harvester's live rounds. Lincheck's model checker then explores the interleavings of
 * each scenario; the validation function finishes the final round and asks the oracle.
 *
 * <p>The programs are the shapes every lost write of DESIGN.md §5 needs, chosen from the variant's
 * bounds and keys, not from its name or its expected verdict:
 * <ul>
 *   <li>{@code host-*}, {@code vcpu-and-host*} (with {@code host-writes: true}, run first): the host writer,
 *       alone or beside a vCPU, with or without a concurrent harvest (setters that take no mmu_lock: a
 *       load-store clear or a non-atomic set loses their bit);</li>
 *   <li>{@code write-once}: one write while the harvest runs (a fault path cut by the harvest);</li>
 *   <li>{@code dirty-*}: the page already written once (writable, cached in the TLB, dirty) when the
 *       harvest starts -- the steady state of a migration -- then written again through a stale entry
 *       ({@code dirty-rewrite}), after a speculative walk ({@code dirty-refill}: a TLB refilled between
 *       flush and protect) or after an exit that serves a pending flush ({@code dirty-exit-rewrite}, only
 *       with {@code flush: async});</li>
 *   <li>{@code rewrite}: the same page twice while the harvest runs (the second write goes through a
 *       translation the harvest failed to protect);</li>
 *   <li>{@code two-pages}: two pages of one word (a set_bit between the load and the store of a clear);</li>
 *   <li>{@code vcpus-*}: two vCPUs, same page or two pages of a word (concurrent fault paths).</li>
 * </ul>
 * Every program respects the variant's bounds (pages, vCPUs, writes per writer); a program that needs
 * more than the bounds allow is left out. Each actor is played by one thread; the harvester's thread runs
 * every live round ({@code rounds}); with {@code rounds: 0} there is no harvester thread and only the
 * writers race each other before the final round.
 */
public final class ProtocolScenarios {

    /** One operation of a thread: a method of {@link ProtocolModel} and its arguments. */
    public record Op(String method, List<Integer> args) {

        public static Op guestWrite(int v, int p) {
            return new Op("guestWrite", List.of(v, p));
        }

        public static Op tlbFill(int v, int p) {
            return new Op("tlbFill", List.of(v, p));
        }

        public static Op applyFlush(int v) {
            return new Op("applyFlush", List.of(v));
        }

        public static Op hostWrite(int p) {
            return new Op("hostWrite", List.of(p));
        }

        public static Op liveRounds() {
            return new Op("liveRounds", List.of());
        }

        /** As the step vocabulary would say it: vcpu0:guest-write(p0), host:host-write(p1), harvester:live-rounds. */
        @Override
        public String toString() {
            switch (method) {
                case "guestWrite":
                    return "vcpu" + args.get(0) + ":guest-write(p" + args.get(1) + ")";
                case "tlbFill":
                    return "vcpu" + args.get(0) + ":tlb-fill(p" + args.get(1) + ")";
                case "applyFlush":
                    return "vcpu" + args.get(0) + ":apply-flush";
                case "hostWrite":
                    return "host:host-write(p" + args.get(0) + ")";
                case "liveRounds":
                    return "harvester:live-rounds";
                default:
                    return method + args;
            }
        }
    }

    /**
     * A named scenario: the init part (operations run before the threads start, in one thread), then the
     * threads, each a list of operations, run in parallel.
     */
    public record Probe(String name, List<Op> init, List<List<Op>> threads) {

        @Override
        public String toString() {
            String par = threads.stream().map(t -> t.stream().map(Op::toString)
                    .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(" || "));
            return name + " " + (init.isEmpty() ? "" : "init " + init + " then ") + par;
        }
    }

    private ProtocolScenarios() {
    }

    /** The probes for a variant, in the order they are run. */
    public static List<Probe> probes(Variant v) {
        Bounds b = v.bounds();
        int a = 0;
        int other = b.pages() >= 2 ? 1 : -1;
        boolean twice = b.writes() >= 2;
        List<Op> harvester = b.rounds() >= 1 ? List.of(Op.liveRounds()) : null;
        List<Probe> r = new ArrayList<>();
        if (v.hostWrites() && b.writes() >= 1) {
            // setters that take no mmu_lock: first, they are what host-writes adds
            if (twice && other >= 0) {
                add(r, harvester, "host-two-pages", List.of(), List.of(Op.hostWrite(a), Op.hostWrite(other)));
            }
            if (other >= 0) {
                add(r, null, "vcpu-and-host-no-harvest", List.of(), List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(other)));
                add(r, harvester, "vcpu-and-host", List.of(), List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(other)));
            }
            add(r, harvester, "vcpu-and-host-one-page", List.of(), List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(a)));
            if (twice) {
                add(r, harvester, "host-rewrite", List.of(), List.of(Op.hostWrite(a), Op.hostWrite(a)));
            }
        }
        if (b.writes() >= 1) {
            add(r, harvester, "write-once", List.of(), List.of(Op.guestWrite(0, a)));
        }
        if (twice) {
            List<Op> dirty = List.of(Op.guestWrite(0, a));
            add(r, harvester, "dirty-rewrite", dirty, List.of(Op.guestWrite(0, a)));
            add(r, harvester, "dirty-refill", dirty, List.of(Op.tlbFill(0, a), Op.guestWrite(0, a)));
            if (v.flush() == FlushMode.ASYNC) {
                add(r, harvester, "dirty-exit-rewrite", dirty, List.of(Op.applyFlush(0), Op.guestWrite(0, a)));
            }
            add(r, harvester, "rewrite", List.of(), List.of(Op.guestWrite(0, a), Op.guestWrite(0, a)));
            if (other >= 0) {
                add(r, harvester, "two-pages", List.of(), List.of(Op.guestWrite(0, a), Op.guestWrite(0, other)));
            }
        }
        if (b.vcpus() >= 2 && b.writes() >= 1) {
            if (other >= 0) {
                add(r, harvester, "vcpus-two-pages", List.of(), List.of(Op.guestWrite(0, a)),
                        List.of(Op.guestWrite(1, other)));
            }
            add(r, harvester, "vcpus-one-page", List.of(), List.of(Op.guestWrite(0, a)),
                    twice ? List.of(Op.guestWrite(1, a), Op.guestWrite(1, a)) : List.of(Op.guestWrite(1, a)));
        }
        return r;
    }

    @SafeVarargs
    private static void add(List<Probe> r, List<Op> harvester, String name, List<Op> init, List<Op>... writers) {
        List<List<Op>> threads = new ArrayList<>(List.of(writers));
        if (harvester != null) {
            threads.add(harvester);
        }
        r.add(new Probe(name, init, threads));
    }

    /** The probe as a Lincheck custom scenario: the init part, one thread per actor, no post part. */
    public static ExecutionScenario scenario(Probe p) {
        List<Actor> init = new ArrayList<>();
        for (Op op : p.init()) {
            init.add(new Actor(method(op), new ArrayList<Object>(op.args())));
        }
        List<List<Actor>> parallel = new ArrayList<>();
        for (List<Op> t : p.threads()) {
            List<Actor> actors = new ArrayList<>();
            for (Op op : t) {
                actors.add(new Actor(method(op), new ArrayList<Object>(op.args())));
            }
            parallel.add(actors);
        }
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Method method(Op op) {
        for (Method m : ProtocolModel.class.getMethods()) {
            if (m.getName().equals(op.method()) && m.getParameterCount() == op.args().size()) {
                return m;
            }
        }
        throw new IllegalArgumentException("ProtocolModel has no operation " + op.method() + " with "
                + op.args().size() + " arguments");
    }
}
