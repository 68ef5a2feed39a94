package dirtyproof.model;

import java.util.List;

/**
 * A participant of the protocol — a vCPU, the host writer, or the harvester (the KVM_GET_DIRTY_LOG caller
 * and its userspace) — as a sequence of atomic {@link Step steps}. The same actor is driven three ways:
 * by its own thread (it calls {@link #take} in a loop), by an explicit schedule (one thread takes the
 * events of every actor in a given order) and by the back-ends.
 *
 * <p>Only one thread drives an actor at a time; {@link #take} is safe against the other actors' threads.
 */
public interface Actor {

    /** What part an actor plays: a guest writer, the host writer, or the migration side (harvest, collect, reset). */
    enum Role { VCPU, HOST, MIGRATION }

    /** {@code vcpu0}, ..., {@code host}, {@code harvester}. */
    String name();

    /**
     * The events this actor may take now. A step that needs mmu_lock is listed only while the lock is free;
     * choices (which page to write, which page to fill speculatively) are listed one event each.
     */
    List<Event> enabled();

    /**
     * Takes the event if it is enabled at this instant and returns true; returns false and changes nothing
     * otherwise. Enabledness is decided atomically with the step's effect.
     */
    boolean take(Event e);

    /** True when the actor has nothing left to do (it may still have enabled steps that change nothing that matters). */
    boolean done();

    /** The actor's part; the migration side by default. */
    default Role role() {
        return Role.MIGRATION;
    }

    /**
     * True while the actor is inside a multi-step operation that must finish before the VM can pause (a vCPU in
     * its fault path, the host between its write and its mark).
     */
    default boolean busy() {
        return false;
    }
}
