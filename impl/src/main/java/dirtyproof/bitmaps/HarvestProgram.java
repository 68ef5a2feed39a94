package dirtyproof.bitmaps;

import dirtyproof.family.HarvestConfig;
import dirtyproof.model.Step;
import dirtyproof.variant.Choice;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bitmap family's harvest as a program of atomic steps (get-log, clear-log, srcu-swap, switch-log): each step
 * of the variant's {@code harvest}, in order, expanded to the atomic steps it is made of -- one per bitmap word
 * for a step on a word ({@link Step.Arg#WORD}: snapshot-clear, get-copy, clear-fetched, write-protect, read-old,
 * clear-old), each as one step or as a load and a store ({@code clear-op: load-store}) -- and one for any other
 * step. A maximal run of neighbouring steps in {@code mmu-lock} is one critical section: its first atomic step
 * takes mmu_lock (in the {@code harvest-lock} mode), its last drops it.
 */
public final class HarvestProgram {

    /** One atomic step of the program: the step, its word (or -1), and where mmu_lock is taken and dropped. */
    public record Micro(Step step, int arg, boolean acquire, boolean release) {
        @Override
        public String toString() {
            return step.id() + (arg < 0 ? "" : "(w" + arg + ")") + (acquire ? " [lock" : "") + (release ? " unlock]" : "");
        }
    }

    /** Userspace's sends of the pages it holds, outside mmu_lock: an entry after the ioctl's steps. */
    public static final Micro SEND = new Micro(Step.SEND, -1, false, false);

    private HarvestProgram() {
    }

    /**
     * The program of a variant's harvest.
     *
     * @param steps the atomic steps of one harvest step, on one word for a step on a word (a load-store clear: the
     *              load and the store)
     * @param words the bitmap's words
     */
    public static <E extends Enum<E> & Choice> List<Micro> of(HarvestConfig<E> c, Function<E, List<Step>> steps,
                                                               int words) {
        List<Step> step = new ArrayList<>();
        List<Integer> arg = new ArrayList<>();
        List<Boolean> locked = new ArrayList<>();
        for (E h : c.harvest()) {
            List<Step> atomic = steps.apply(h);
            boolean perWord = atomic.get(0).arg() == Step.Arg.WORD;
            for (int w = 0; w < (perWord ? words : 1); w++) {
                for (Step s : atomic) {
                    step.add(s);
                    arg.add(perWord ? w : -1);
                    locked.add(c.locked(h));
                }
            }
        }
        List<Micro> r = new ArrayList<>();
        for (int i = 0; i < step.size(); i++) {
            boolean l = locked.get(i);
            boolean acquire = l && (i == 0 || !locked.get(i - 1));
            boolean release = l && (i == step.size() - 1 || !locked.get(i + 1));
            r.add(new Micro(step.get(i), arg.get(i), acquire, release));
        }
        return r;
    }
}
