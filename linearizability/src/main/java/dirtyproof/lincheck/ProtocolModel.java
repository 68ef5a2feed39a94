package dirtyproof.lincheck;

import dirtyproof.getlog.GetLog;
import dirtyproof.getlog.Harvester;
import dirtyproof.getlog.HostWriter;
import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;
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
 * {@code impl} code ({@link GetLog}) for the variant under check. Lincheck's threads play the actors -- one
 * thread per vCPU, one for the host writer, one for the harvester's live rounds -- through the blocking
 * helpers of {@code impl} ({@code guestWriteBlocking}, {@code writeBlocking}, {@code stepBlocking}); every
 * interleaving Lincheck's model checker explores is an execution of that code. After the threads,
 * {@link #noLostWrite()} runs the final round and asks the oracle.
 *
 * <p>{@link ProtocolScenarios} puts the operations of one actor in one thread, so an actor is never driven
 * by two threads at once (the contract of {@link dirtyproof.model.Actor}). Operations return nothing: a
 * migration has no sequential specification to compare results with; its one property is NoLostWrite,
 * checked by the validation function.
 *
 * <p>Every step an actor takes reaches {@link GetLog#setListener the listener} of the instance, which keeps
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

    private final GetLog kvm;
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
        kvm = new GetLog(v);
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

    /** One whole guest write of vCPU v to page p (fault path and retry included); nothing when out of writes. */
    @Operation
    public void guestWrite(int v, int p) {
        kvm.vcpu(v).guestWriteBlocking(p);
    }

    /** A speculative page walk of vCPU v that caches p if W[p] is set. */
    @Operation
    public void tlbFill(int v, int p) {
        kvm.vcpu(v).tlbFillNow(p);
    }

    /** vCPU v serves a pending asynchronous flush request (an exit), if any. */
    @Operation
    public void applyFlush(int v) {
        kvm.vcpu(v).applyFlushNow();
    }

    /** One whole host write to p (kvm_write_guest, then mark_page_dirty). */
    @Operation
    public void hostWrite(int p) {
        HostWriter h = kvm.host();
        if (h == null) {
            throw new IllegalStateException("the variant has host-writes: false; no host write operation");
        }
        h.writeBlocking(p);
    }

    /** The harvester's live rounds: each a harvest (the variant's steps) and the sends of the reported pages. */
    @Operation
    public void liveRounds() {
        Harvester h = kvm.harvester();
        while (!h.finalRound()) {
            h.stepBlocking();
        }
    }

    /**
     * The final round (pause the vCPUs, harvest, send) and the oracle: NoLostWrite, dest[p] = mem[p] for
     * every page. Runs after every explored execution.
     */
    @Validate
    public void noLostWrite() {
        kvm.harvester().migrateBlocking();
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
