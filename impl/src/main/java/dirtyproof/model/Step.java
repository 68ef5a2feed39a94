package dirtyproof.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one vocabulary of atomic steps (DESIGN.md §3). Every trace event, every schedule entry, every TLA+
 * action of specs/DirtyLog.tla and every report names its step with {@link #id()}; {@link #kernel()} says
 * which kernel function or code point the step models.
 *
 * <p>A step is atomic: it is what one actor does between two points at which another actor may run.
 * Steps of non-atomic kernel operations ({@code __set_bit}, a load-then-store clear) are split into a
 * {@code .load} and a {@code .store} step.
 */
public enum Step {
    // --- vCPU: the guest and the page fault handler ----------------------------------------------
    /** A guest write: TLB hit writes; else the walk fills the TLB and writes if W; else it faults (EPT violation). */
    GUEST_WRITE("guest-write", "guest store (TLB hit, page walk, or EPT violation -> kvm_mmu_page_fault)"),
    /** A speculative page walk that caches a writable translation without writing. */
    TLB_FILL("tlb-fill", "speculative page walk"),
    /** An asynchronous flush request served by the vCPU at its next exit (KVM_REQ_TLB_FLUSH). */
    APPLY_FLUSH("apply-flush", "kvm_service_local_tlb_flush_requests", Arg.NONE),
    /** The fault path sets the SPTE's W bit: lockless cmpxchg (fast), under mmu_lock (locked), the slow path's install. */
    MAKE_WRITABLE("make-writable", "fast_pf_fix_direct_spte (cmpxchg) / mmu_set_spte / tdp_mmu_set_spte_atomic"),
    /** The slow path of fault-path mixed begins: mmu_lock in the fault-lock mode, the walk reads the SPTE. */
    TDP_MMU_MAP("tdp-mmu-map", "kvm_tdp_mmu_page_fault: read_lock(mmu_lock); kvm_tdp_mmu_map walks to the SPTE"),
    /** mark_page_dirty with an atomic set_bit. */
    MARK_DIRTY("mark-dirty", "mark_page_dirty -> set_bit_le"),
    /** __set_bit, first half: load the bitmap word. */
    MARK_DIRTY_LOAD("mark-dirty.load", "mark_page_dirty -> __set_bit_le (load)"),
    /** __set_bit, second half: store the word with the bit set. */
    MARK_DIRTY_STORE("mark-dirty.store", "mark_page_dirty -> __set_bit_le (store)"),

    // --- aging: the clear_young MMU notifier --------------------------------------------------------
    /** Access tracking clears W without a flush and without marking (aging: true). */
    ACCESS_TRACK("access-track", "kvm_age_gfn -> mark_spte_for_access_track"),

    // --- host writer --------------------------------------------------------------------------------
    /** A host write to guest memory (emulation); mark_page_dirty follows as its own step. */
    HOST_WRITE("host-write", "kvm_write_guest"),

    // --- harvester: KVM_GET_DIRTY_LOG and userspace -------------------------------------------------
    /** Snapshot one bitmap word into the second half and clear it: xchg(&dirty_bitmap[i], 0). */
    SNAPSHOT_CLEAR("snapshot-clear", "kvm_get_dirty_log_protect: mask = xchg(&dirty_bitmap[i], 0)", Arg.WORD),
    /** Load-then-store clear, first half: mask = dirty_bitmap[i]. */
    SNAPSHOT_CLEAR_LOAD("snapshot-clear.load", "kvm_get_dirty_log_protect: mask = dirty_bitmap[i]", Arg.WORD),
    /** Load-then-store clear, second half: dirty_bitmap[i] = 0 (skipped when the mask was 0). */
    SNAPSHOT_CLEAR_STORE("snapshot-clear.store", "kvm_get_dirty_log_protect: dirty_bitmap[i] = 0", Arg.WORD),
    /** Clear W in the SPTEs of the pages of one word's mask. */
    WRITE_PROTECT("write-protect", "kvm_arch_mmu_enable_log_dirty_pt_masked", Arg.WORD),
    /** Remote TLB flush: synchronous (IPI) or asynchronous (a request applied at the vCPU's next exit). */
    FLUSH_TLB("flush-tlb", "kvm_flush_remote_tlbs", Arg.NONE),
    /** Copy the snapshot to userspace's buffer; the ioctl returns when the last harvest step is done. */
    COPY_TO_USER("copy-to-user", "copy_to_user", Arg.NONE),
    // --- clear-log: KVM_GET_DIRTY_LOG without clear, KVM_CLEAR_DIRTY_LOG (manual protect) -----------
    /** GET under manual protection: copy one word of the live bitmap to userspace, clearing nothing. */
    GET_COPY("get-copy", "kvm_get_dirty_log_protect (manual_dirty_log_protect): copy_to_user of dirty_bitmap", Arg.WORD),
    /** CLEAR: mask &= atomic_long_fetch_andnot(mask, &dirty_bitmap[i]) for the bits userspace passed. */
    CLEAR_FETCHED("clear-fetched", "kvm_clear_dirty_log_protect: mask &= atomic_long_fetch_andnot(mask, p)", Arg.WORD),
    /** The same clear as a load, first half: the word is read. */
    CLEAR_FETCHED_LOAD("clear-fetched.load", "kvm_clear_dirty_log_protect, load-store: old = dirty_bitmap[i]", Arg.WORD),
    /** Second half: the word read is stored without the mask's bits. */
    CLEAR_FETCHED_STORE("clear-fetched.store", "kvm_clear_dirty_log_protect, load-store: dirty_bitmap[i] = old & ~mask", Arg.WORD),

    // --- srcu-swap: kvm_vm_ioctl_get_dirty_log, 2009-2012 -----------------------------------------------
    /** Publish copied memslots whose slot points at a fresh, zeroed bitmap. */
    INSTALL_BITMAP("install-bitmap", "kvm_vm_ioctl_get_dirty_log: rcu_assign_pointer(kvm->memslots, slots)", Arg.NONE),
    /** Wait for every SRCU read section that began before the install. */
    SYNCHRONIZE_SRCU("synchronize-srcu", "synchronize_srcu_expedited(&kvm->srcu)", Arg.NONE),

    // --- switch-log: KVM_SWITCH_DIRTY_LOG (2010 proposal) --------------------------------------------------
    /** Point the memslot at the other userspace bitmap. */
    SWITCH_BITMAP("switch-bitmap", "KVM_SWITCH_DIRTY_LOG: switch the slot's active dirty bitmap", Arg.NONE),
    /** Wait for the readers that may still hold the memslot as it was before the switch. */
    WAIT_READERS("wait-readers", "KVM_SWITCH_DIRTY_LOG: wait for readers of the old memslot", Arg.NONE),
    /** Userspace reads one word of the old bitmap in place. */
    READ_OLD("read-old", "userspace: read the inactive dirty bitmap", Arg.WORD),
    /** Userspace zeroes one word of the bitmap it read. */
    CLEAR_OLD("clear-old", "userspace: zero the bitmap it read", Arg.WORD),

    /** Userspace sends one reported page to the destination: dest[p] := mem[p]. */
    SEND("send", "migration: send page"),
    /** Final round: vCPUs paused (faults in progress finished, pending flushes applied), host writes stopped. */
    PAUSE_VCPUS("pause-vcpus", "vm_stop: pause vCPUs before the final round", Arg.NONE),

    // --- the dirty ring (ring, ring-with-bitmap): the argument vN of a collect or reset step is vCPU N's ring --
    /** kvm_dirty_ring_push, the entry's slot and offset (argument: the page pushed). */
    PUSH_FIELDS("push.fields", "kvm_dirty_ring_push: entry->slot = slot; entry->offset = offset"),
    /** kvm_dirty_ring_push, the flags after smp_wmb; dirty_index++ and the soft-full request go with the push's last store. */
    PUSH_FLAG("push.flag", "kvm_dirty_ring_push: smp_wmb(); kvm_dirty_gfn_set_dirtied(entry)"),
    /** Userspace loads the flags of a ring's next entry; the first entry not DIRTY ends the ring. */
    COLLECT_LOAD_FLAG("collect.load-flag",
            "kvm_dirty_ring_reap_one: qatomic_load_acquire(&gfn->flags) (dirty_gfn_is_dirtied)", Arg.INDEX),
    /** Userspace reads the entry's slot and offset. */
    COLLECT_READ_GFN("collect.read-gfn", "kvm_dirty_ring_reap_one: cur->slot, cur->offset", Arg.INDEX),
    /** Userspace marks the entry collected. */
    COLLECT_MARK_RESET("collect.mark-reset", "dirty_gfn_set_collected: qatomic_store_release(&gfn->flags, RESET)",
            Arg.INDEX),
    /** Userspace steps over one DIRTY entry without collecting it (variant collect-skip). */
    COLLECT_SKIP("collect.skip", "a fetch index advanced past a DIRTY entry", Arg.INDEX),
    /** KVM_RESET_DIRTY_RINGS reads a ring's next entry; the first entry not RESET ends the ring's walk. */
    RESET_READ("reset.read", "kvm_dirty_ring_reset: kvm_dirty_gfn_harvested (smp_load_acquire), READ_ONCE slot/offset",
            Arg.INDEX),
    /** The entry is freed: flags := 0, reset_index++. */
    RESET_INVALIDATE("reset.invalidate", "kvm_dirty_ring_reset: kvm_dirty_gfn_set_invalid; ring->reset_index++",
            Arg.INDEX),
    /** The batch of reset entries is write-protected under mmu_lock. */
    RESET_WRITE_PROTECT("reset.write-protect", "kvm_reset_dirty_gfn -> kvm_arch_mmu_enable_log_dirty_pt_masked",
            Arg.INDEX),
    /** A pending signal ends the reset (2025): the open batch is left writable. */
    RESET_INTERRUPT("reset.interrupt", "kvm_dirty_ring_reset: if (signal_pending(current)) return -EINTR", Arg.INDEX),
    /** A vCPU-less write after pause-vcpus (vgic/ITS table save); the backup bitmap or nothing records it. */
    DEVICE_SAVE("device-save", "KVM_DEV_ARM_ITS_SAVE_TABLES -> kvm_write_guest, no running vCPU"),
    /** The final KVM_GET_DIRTY_LOG of the backup bitmap (ring-with-bitmap). */
    GET_BITMAP("get-bitmap", "KVM_GET_DIRTY_LOG of the backup bitmap (KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP)", Arg.NONE);

    /**
     * What a step acts on, and how an event spells it: a page ({@code guest-write(p1)}), a bitmap word
     * ({@code snapshot-clear(w0)}), a ring or vCPU index ({@code collect.load-flag(v0)}), or nothing
     * ({@code flush-tlb}).
     */
    public enum Arg {
        NONE(' '), PAGE('p'), WORD('w'), INDEX('v');

        /** The letter before the number in an event: p, w or v. */
        public final char prefix;

        Arg(char prefix) {
            this.prefix = prefix;
        }

        public static java.util.Optional<Arg> byPrefix(char c) {
            for (Arg a : values()) {
                if (a != NONE && a.prefix == c) {
                    return java.util.Optional.of(a);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final String id;
    private final String kernel;
    private final Arg arg;

    Step(String id, String kernel) {
        this(id, kernel, Arg.PAGE);
    }

    Step(String id, String kernel, Arg arg) {
        this.id = id;
        this.kernel = kernel;
        this.arg = arg;
    }

    /** The vocabulary name, e.g. {@code snapshot-clear}. */
    public String id() {
        return id;
    }

    /** The kernel function or code point this step models. */
    public String kernel() {
        return kernel;
    }

    /** What the step's argument is. */
    public Arg arg() {
        return arg;
    }

    /** True for steps whose argument is a page. */
    public boolean takesPage() {
        return arg == Arg.PAGE;
    }

    public static Optional<Step> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
