package dirtyproof.run;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;

import java.util.List;

/**
 * What a driven migration did: the events taken in order (each with a short note of what it did to the
 * machine), the schedule entries skipped by a relaxed replay, and the oracle's answer.
 */
public record Run(Migration migration, List<Event> events, List<String> notes, List<String> skipped,
                  List<LostWrite> lost) {

    public boolean lostWrite() {
        return !lost.isEmpty();
    }

    /** The run as numbered steps in columns, one per actor, ending with the oracle's answer. */
    public String render() {
        return TraceFormatter.columns(migration, events, notes, lost);
    }
}
