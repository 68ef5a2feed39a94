package dirtyproof.kvm;

import dirtyproof.model.Step;

import java.util.List;

/**
 * One writer's way of marking a page dirty, as atomic steps (e.g. {@code mark-dirty}, or
 * {@code mark-dirty.load} then {@code mark-dirty.store}). A marker belongs to one writer and holds that
 * writer's private registers (the word loaded by __set_bit); only that writer's thread calls it.
 */
public interface Marker {

    /** The steps of one marking, in order. */
    List<Step> steps();

    /**
     * Takes step {@code k} of the marking of page {@code p}. Returns false, changing nothing, when the step
     * is not enabled now (a family may make a mark wait, e.g. for a lock).
     */
    boolean step(int k, int p);

    /** Whether step {@code k} of the marking of p could be taken now (for {@code enabled()}); true by default. */
    default boolean enabled(int k, int p) {
        return true;
    }
    /**
     * The writer's read section around one marking begins: a vCPU's EPT violation on page p, or the host's
     * write to p (the section srcu_read_lock opens in the kernel). A family whose memslot can be replaced
     * while writers run looks it up here (memslot-lookup: cached). Called by the writer, atomically with the
     * step that begins the section. Nothing by default.
     */
    default void begin(int p) {
    }

    /** The read section is over: the fault path's last step (or a spurious fault) is done, or the host's mark. */
    default void end() {
    }
}
