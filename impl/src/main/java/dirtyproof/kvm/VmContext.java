package dirtyproof.kvm;

import dirtyproof.model.Event;
import dirtyproof.model.Machine;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FaultStep;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.SpteUpdate;

import java.util.List;

/**
 * What the writers ({@link Vcpu}, {@link HostWriter}) need of the VM they run in: the machine, the variant's fault
 * path, the listener their steps are reported to, and the checks vcpu_enter_guest makes before guest mode. The
 * bitmap families' VMs ({@link Kvm}) and the ring's ({@code dirtyproof.ring.Ring}) both provide it, so that
 * one vCPU and one host writer serve every family; a family says how they mark a page through its
 * {@link Tracker}.
 */
public interface VmContext {

    /** The machine the writers run on; its bounds give each writer its writes. */
    Machine machine();

    FaultPath faultPath();

    /** The order of make-writable and mark-dirty in the fault path. */
    List<FaultStep> faultOrder();

    /** The mode in which the locked and slow fault paths take mmu_lock. */
    LockMode faultLock();

    /** How the slow path of fault-path: mixed installs the writable SPTE. */
    SpteUpdate spteUpdate();

    /** Reports a step a writer took to the listener; returns true so that take() can end with it. */
    boolean record(Event e);

    /**
     * vcpu_enter_guest's checks: true while the VM keeps vCPU {@code v} out of guest mode although it is not
     * paused (kvm_dirty_ring_check_request's KVM_EXIT_DIRTY_RING_FULL, or the vCPU thread busy in the kernel
     * with the host's write). Never, by default.
     */
    default boolean vcpuHeldOut(int v) {
        return false;
    }

    /**
     * For the blocking writes of real threads: whether vCPU {@code v}, held out, should wait for the VM to let it
     * in again (a reset may still come) rather than give up its write. Never, by default.
     */
    default boolean vcpuMayBeReleased(int v) {
        return false;
    }

    /** What a report says of vCPU {@code v}'s state beyond its own (e.g. " held out (ring soft full)"). */
    default String vcpuNote(int v) {
        return "";
    }

    /**
     * The monitor the host writer holds for kvm_write_guest's write, which pause-vcpus must exclude: the writer
     * itself by default; the context vCPU's tlbLock where the host writes on a vCPU thread.
     */
    default Object hostWriteLock(HostWriter host) {
        return host;
    }

    /** Whether the host may start a write now, beyond the VM running and writes left. Always, by default. */
    default boolean hostMayWrite() {
        return true;
    }
}
