package dirtyproof.run;

import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;

import java.util.List;

/**
 * What a driven migration did: the events taken in order, each with a short note of what it did to the
 * machine, and the oracle's answer.
 */
public record Run(Migration migration, List<Event> events, List<String> notes, List<LostWrite> lost) {

    public boolean lostWrite() {
        return !lost.isEmpty();
    }

    /** The run as a counterexample value: events, notes, lost writes, one column per actor that stepped. */
    public Counterexample counterexample() {
        return Counterexample.of(migration, events, notes, lost);
    }

    /** The run as numbered steps in columns, one per actor, ending with the oracle's answer. */
    public String render() {
        return counterexample().render();
    }
}
