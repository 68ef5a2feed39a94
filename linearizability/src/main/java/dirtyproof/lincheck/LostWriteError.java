package dirtyproof.lincheck;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;

import java.util.List;

/**
 * An explored execution that ended with dest != mem for some page, found when {@link ProtocolModel} finishes it
 * outside the analysed code ({@link ProtocolModel#FOUND}). It carries what the back-end needs to report the
 * execution in the step vocabulary: the events the actors took, in the order they reached the migration's
 * listener, and the oracle's answer.
 */
public final class LostWriteError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient List<Event> events;
    private final transient List<LostWrite> lost;

    public LostWriteError(List<Event> events, List<LostWrite> lost) {
        super("NoLostWrite violated: " + lost + " after " + events.size() + " steps " + events);
        this.events = List.copyOf(events);
        this.lost = List.copyOf(lost);
    }

    /** The steps of the failing execution, final round included, in listener order. */
    public List<Event> events() {
        return events;
    }

    public List<LostWrite> lost() {
        return lost;
    }
}
