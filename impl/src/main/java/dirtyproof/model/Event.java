package dirtyproof.model;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One atomic step taken by one actor: {@code vcpu0:guest-write(p1)}, {@code harvester:snapshot-clear(w0)},
 * {@code harvester:flush-tlb}. A schedule is a list of events; a trace is the list of events a run took.
 *
 * @param actor {@code vcpu0}, {@code vcpu1}, ..., {@code host}, {@code harvester} or a family's own actor
 * @param step  the step, in the vocabulary
 * @param arg   what the step acts on (a page {@code pN}, a word {@code wN}, an index {@code vN}, as
 *              {@link Step#arg()} says), or -1 when it takes nothing
 */
public record Event(String actor, Step step, int arg) {

    private static final Pattern FORM =
            Pattern.compile("\\s*([a-z]+[0-9]*)\\s*:\\s*([a-z.-]+)\\s*(?:\\(\\s*([a-z])([0-9]+)\\s*\\))?\\s*");

    public static Event of(String actor, Step step) {
        return new Event(actor, step, -1);
    }

    public static Event of(String actor, Step step, int arg) {
        return new Event(actor, step, arg);
    }

    /** Parses {@code actor:step} or {@code actor:step(pN)}, {@code (wN)}, {@code (vN)} as the step takes. */
    public static Event parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a schedule entry: '" + text
                    + "' (expected actor:step or actor:step(pN) or actor:step(wN), e.g. vcpu0:guest-write(p1))");
        }
        Step step = Step.byId(m.group(2)).orElseThrow(() -> new IllegalArgumentException(
                "unknown step '" + m.group(2) + "' in '" + text + "'; steps: " + Arrays.toString(Step.values())));
        int arg = -1;
        if (m.group(3) != null) {
            char kind = m.group(3).charAt(0);
            if (step.arg() == Step.Arg.NONE || step.arg().prefix != kind) {
                throw new IllegalArgumentException("step " + step + " does not take argument " + kind + m.group(4)
                        + " in '" + text + "'");
            }
            arg = Integer.parseInt(m.group(4));
        } else if (step.arg() != Step.Arg.NONE) {
            throw new IllegalArgumentException("step " + step + " needs an argument " + step.arg().prefix + "N in '"
                    + text + "'");
        }
        return new Event(m.group(1), step, arg);
    }

    @Override
    public String toString() {
        if (arg < 0) {
            return actor + ":" + step.id();
        }
        return actor + ":" + step.id() + "(" + step.arg().prefix + arg + ")";
    }
}
