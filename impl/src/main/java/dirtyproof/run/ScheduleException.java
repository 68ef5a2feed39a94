package dirtyproof.run;

import dirtyproof.model.Event;

/** A schedule entry that the implementation could not take: the schedule and the protocol disagree. */
public final class ScheduleException extends RuntimeException {
    public final int index;
    public final Event event;

    public ScheduleException(int index, Event event, String message) {
        super(message);
        this.index = index;
        this.event = event;
    }
}
