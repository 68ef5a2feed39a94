package dirtyproof.lincheck;

import dirtyproof.family.Op;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.run.ScheduleDriver;
import dirtyproof.variant.Variant;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lincheck test class of the protocol model check: one instance is one migration of the real
 * {@code impl} code ({@link dirtyproof.family.Family#start}) for the variant under check. Lincheck's threads
 * play the actors through their blocking operations ({@link Migration#perform}: a whole guest write, a host
 * write, the migration side's live rounds); every interleaving Lincheck's model checker explores is an
 * execution of that code. After the threads, {@link #noLostWrite()} runs the final round and asks the oracle.
 *
 * <p>A family's scenarios put the operations of one actor in one thread, so an actor is never driven by two
 * threads at once (the contract of {@link dirtyproof.model.Actor}). Operations return nothing: a
 * migration has no sequential specification to compare results with; its one property is NoLostWrite,
 * checked by the validation function.
 *
 * <p>Every step an actor takes reaches {@link Migration#setListener the listener} of the instance, which keeps
 * the steps of the execution: the counterexample when the oracle fails, and the count of distinct step
 * sequences explored ({@link #INTERLEAVINGS}).
 */
public class ProtocolModel {

    /** The variant under check; set by {@link ProtocolCheck} before Lincheck starts, then only read. */
    static volatile Variant variant;

    /**
     * Instances created: Lincheck creates one per invocation (one explored execution). Counted in the
     * constructor, which Lincheck runs outside the analysed code.
     */
    static final AtomicLong INSTANCES = new AtomicLong();

    /**
     * The distinct step sequences of the executions explored, each as one string. Filled by the constructor
     * with the steps of the previous instance: Lincheck restores static state changed by the analysed code
     * after each invocation, so the analysed code itself could not record them here.
     */
    static final Set<String> INTERLEAVINGS = ConcurrentHashMap.newKeySet();
    private static ProtocolModel previous;

    private final Migration kvm;
    private final List<Event> events = new ArrayList<>();
    private boolean validated;

    public ProtocolModel() {
        Variant v = variant;
        if (v == null) {
            throw new IllegalStateException("ProtocolModel.variant is not set");
        }
        INSTANCES.incrementAndGet();
        collectPrevious();
        previous = this;
        kvm = v.family().start(v);
        kvm.setListener(this::record);
    }

    /** Adds the steps of the last instance, if its execution reached the oracle, to {@link #INTERLEAVINGS}. */
    static void collectPrevious() {
        ProtocolModel p = previous;
        if (p != null) {
            synchronized (p.events) {
                if (p.validated) {
                    INTERLEAVINGS.add(p.events.toString());
                }
            }
        }
    }

    /** Starts counting for a new scenario. */
    static void resetCounters() {
        previous = null;
        INSTANCES.set(0);
        INTERLEAVINGS.clear();
    }

    private void record(Event e) {
        synchronized (events) {
            events.add(e);
        }
    }

    /**
     * One blocking operation of one actor ({@link Op}): a whole guest write (fault path and retry included), a
     * speculative walk, an exit, a whole host write, the migration side's live rounds.
     */
    @Operation
    public void perform(String actor, String action, int arg) {
        kvm.perform(new Op(actor, action, arg));
    }

    /**
     * The final round (pause the vCPUs, harvest, send) and the oracle: NoLostWrite, dest[p] = mem[p] for
     * every page. Runs after every explored execution.
     */
    @Validate
    public void noLostWrite() {
        ScheduleDriver.complete(kvm);
        List<LostWrite> lost = kvm.lostWrites();
        List<Event> trace;
        synchronized (events) {
            validated = true;
            trace = new ArrayList<>(events);
        }
        if (!lost.isEmpty()) {
            throw new LostWriteError(trace, lost);
        }
    }
}
