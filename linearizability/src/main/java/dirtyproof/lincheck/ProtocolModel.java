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
 *
 * <p>The final round runs outside the analysed code. It is sequential (every thread has ended: there is no
 * interleaving left to explore), but under Lincheck's instrumentation every field it reads is tracked, and it
 * cost about four fifths of an explored execution (a JFR profile of clear-load-store-fast). So the validation
 * function only marks the execution finished; the next instance's constructor, which Lincheck runs outside the
 * analysed code, finishes the previous migration and asks the oracle ({@link #collectPrevious}), and the first
 * lost write found is kept in {@link #FOUND} with the number of its execution. Lincheck itself never sees the
 * lost write: it explores the rest of the scenario's share (executions cost milliseconds now), and
 * {@link ProtocolCheck} reads {@code FOUND} when Lincheck returns, after finishing the scenario's last
 * execution the same way. (Throwing it from a later validation instead makes Lincheck re-run that later
 * execution to collect its trace, and at memory granularity it then reports "Non-determinism found".)
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
    /** This execution's number in its scenario. */
    private final long number;

    public ProtocolModel() {
        Variant v = variant;
        if (v == null) {
            throw new IllegalStateException("ProtocolModel.variant is not set");
        }
        number = INSTANCES.incrementAndGet();
        collectPrevious();
        previous = this;
        kvm = v.family().start(v);
        kvm.setListener(this::record);
    }

    /**
     * The first lost write found by finishing an execution outside the analysed code, or null. Written only
     * outside the analysed code (constructors, {@link ProtocolCheck}), never read by it.
     */
    static volatile LostWriteError FOUND;
    /** The number of the execution (1 = the scenario's first) that lost {@link #FOUND}'s write. */
    static volatile long FOUND_AT;

    /**
     * Finishes the last instance's migration if its execution reached the validation function (the final round
     * and the oracle, outside the analysed code), keeps a lost write in {@link #FOUND}, and adds its steps to
     * {@link #INTERLEAVINGS}. An execution Lincheck cut short (it never reached validation) is not finished.
     */
    static void collectPrevious() {
        ProtocolModel p = previous;
        previous = null;
        if (p == null) {
            return;
        }
        boolean finished;
        synchronized (p.events) {
            finished = p.validated;
        }
        if (!finished) {
            return;
        }
        ScheduleDriver.complete(p.kvm);
        List<LostWrite> lost = p.kvm.lostWrites();
        synchronized (p.events) {
            INTERLEAVINGS.add(p.events.toString());
            if (!lost.isEmpty() && FOUND == null) {
                FOUND = new LostWriteError(p.events, lost);
                FOUND_AT = p.number;
            }
        }
    }

    /** Starts counting for a new scenario. */
    static void resetCounters() {
        previous = null;
        INSTANCES.set(0);
        INTERLEAVINGS.clear();
    }

    /** A new scenario: counters reset, no lost write found yet. */
    static void startScenario() {
        resetCounters();
        FOUND = null;
        FOUND_AT = 0;
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
     * After every explored execution: marks it finished, for the next constructor to run its final round (pause
     * the vCPUs, harvest, send) and the oracle NoLostWrite, dest[p] = mem[p] for every page.
     */
    @Validate
    public void noLostWrite() {
        synchronized (events) {
            validated = true;
        }
    }
}
