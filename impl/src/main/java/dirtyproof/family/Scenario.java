package dirtyproof.family;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A program for the sampling back-ends: operations run before the threads start ({@code init}, on one
 * thread), then one list of operations per thread, run in parallel; after the threads the final round runs
 * and NoLostWrite is checked. One actor's operations are all in one thread (an actor is driven by one thread
 * at a time). Lincheck explores the interleavings of every scenario; jcstress races the scenarios with two
 * threads on real hardware.
 *
 * @param name    short name, for reports
 * @param init    operations before the threads
 * @param threads the threads' operations
 * @param why     the race the scenario gives a window to
 */
public record Scenario(String name, List<Op> init, List<List<Op>> threads, String why) {

    public Scenario {
        init = List.copyOf(init);
        threads = threads.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public String toString() {
        String par = threads.stream().map(t -> t.stream().map(Op::toString)
                .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(" || "));
        return name + " " + (init.isEmpty() ? "" : "init " + init + " then ") + par;
    }
}
