package dirtyproof.family;

import dirtyproof.model.Actor;
import dirtyproof.model.Migration;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A program for the sampling back-ends: operations run before the threads start ({@code init}, on one
 * thread), then one list of operations per thread, run in parallel, then operations run after the threads
 * ({@code post}, on one thread); then the final round runs and NoLostWrite is checked. One actor's operations
 * are all in one thread (an actor is driven by one thread at a time). Lincheck explores the interleavings of
 * every scenario; jcstress races the scenarios with two threads on real hardware.
 *
 * @param name    short name, for reports
 * @param init    operations before the threads
 * @param threads the threads' operations
 * @param post    operations after the threads, before the final round
 * @param why     what the scenario gives a window to
 */
public record Scenario(String name, List<Op> init, List<List<Op>> threads, List<Op> post, String why) {

    public Scenario {
        init = List.copyOf(init);
        threads = threads.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
        post = List.copyOf(post);
    }

    /** A scenario with nothing after the threads. */
    public Scenario(String name, List<Op> init, List<List<Op>> threads, String why) {
        this(name, init, threads, List.of(), why);
    }

    /** The actors that run concurrently, one per thread (the first actor of each thread). */
    public List<String> racing() {
        return threads.stream().filter(t -> !t.isEmpty()).map(t -> t.get(0).actor()).collect(Collectors.toList());
    }

    /**
     * The roles that race, one per thread in thread order, joined by ×: {@code vcpu×harvester}, {@code host×harvester},
     * {@code vcpu×vcpu}. A vCPU is {@code vcpu} (vCPUs are interchangeable), any other actor its name in {@code mig}
     * (a fresh migration of the variant).
     */
    public String pair(Migration mig) {
        return racing().stream().map(name -> {
            Actor a = mig.actor(name);
            return a != null && a.role() == Actor.Role.VCPU ? "vcpu" : name;
        }).collect(Collectors.joining("\u00d7"));
    }

    @Override
    public String toString() {
        String par = threads.stream().map(t -> t.stream().map(Op::toString)
                .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(" || "));
        return name + " " + (init.isEmpty() ? "" : "init " + init + " then ") + par
                + (post.isEmpty() ? "" : " then " + post);
    }
}
