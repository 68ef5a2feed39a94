------------------------------- MODULE DirtyRing -------------------------------
(***************************************************************************)
(* The dirty ring (KVM_CAP_DIRTY_LOG_RING, 2020, and its _ACQ_REL form),   *)
(* and the ring with a backup bitmap (KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP,  *)
(* 2022), and the question dirtyproof asks of every dirty-tracking         *)
(* protocol: can a guest write be lost during live migration?              *)
(*                                                                         *)
(* With the ring, a vCPU that dirties a page does not set a bit in a       *)
(* bitmap shared by everybody; it appends the page to a ring of its own    *)
(* (kvm_dirty_ring_push), which userspace has mapped.  Each entry is a     *)
(* struct kvm_dirty_gfn {flags, slot, offset}.  The vCPU fills slot and    *)
(* offset, then (after an smp_wmb) sets flags to DIRTY, then advances its  *)
(* private dirty_index.  Userspace walks each ring from its own fetch      *)
(* index: it reads the flags with a load-acquire and stops at the first    *)
(* entry that is not DIRTY, reads slot and offset, and marks the entry     *)
(* RESET with a store-release.  It then calls KVM_RESET_DIRTY_RINGS, which *)
(* walks every ring from its reset_index, stops at the first entry not     *)
(* RESET, invalidates each RESET entry (flags := 0, reset_index++) and     *)
(* write-protects the pages of the entries it invalidated, in batches,     *)
(* under mmu_lock; after dropping slots_lock it flushes the TLBs if it     *)
(* reset anything.  Only after the ioctl returned may userspace read the   *)
(* pages' contents and send them.  A ring that holds size - reserved       *)
(* entries not yet reset is "soft full": the vCPU gets                     *)
(* KVM_REQ_DIRTY_RING_SOFT_FULL and may not re-enter the guest             *)
(* (KVM_EXIT_DIRTY_RING_FULL, the request re-armed) until the ring has     *)
(* been collected and reset.                                               *)
(*                                                                         *)
(* With the backup bitmap, a write made while no vCPU runs -- the          *)
(* vgic/ITS table save after the vCPUs stopped -- sets a bit in the        *)
(* memslot's bitmap instead, which userspace reads with KVM_GET_DIRTY_LOG  *)
(* as the very last step of the migration.  Without it the write has       *)
(* nowhere to go and is dropped.                                           *)
(*                                                                         *)
(* As for get-log (DirtyLog.tla), this module describes a family: every    *)
(* choice a kernel or VMM developer could get wrong is a CONSTANT, and one *)
(* assignment of the constants is one variant.  The two protocol families *)
(* of dirtyproof, ring and ring-with-bitmap, share this one module: the    *)
(* constant WithBitmap selects the second.  They differ only in where a    *)
(* vCPU-less write goes and in the final GET_DIRTY_LOG, and one module     *)
(* keeps the ring's semantics in one place.                                *)
(*                                                                         *)
(* Every action is one atomic step of the Java implementation and records  *)
(* itself in lastStep in the shared vocabulary (push.fields,               *)
(* collect.load-flag, reset.invalidate, ...), so that TLC's counterexample *)
(* replays step by step in Java.                                           *)
(*                                                                         *)
(* Kernel code this module follows: virt/kvm/dirty_ring.c                  *)
(* (kvm_dirty_ring_push, kvm_dirty_ring_reset with the 2025 signal check,  *)
(* kvm_dirty_ring_check_request), virt/kvm/kvm_main.c                      *)
(* (mark_page_dirty_in_slot, kvm_vm_ioctl_reset_dirty_pages), and QEMU's   *)
(* accel/kvm/kvm-all.c (kvm_dirty_ring_reap_one, kvm_dirty_ring_reap).     *)
(***************************************************************************)
EXTENDS DirtyMachine

(***************************************************************************)
(* The machine's bounds and keys are DirtyMachine's; FaultOrder's          *)
(* "mark-dirty" is the ring push here, SetOp has nothing to choose (the    *)
(* backup bitmap is set with set_bit_le), and FlushWhen says when the      *)
(* reset's flush flushes: "bits-consumed" is the kernel's if (cleared),    *)
(* "spte-changed" if its write-protect cleared some W, "always".  The ring *)
(* adds the entries of each ring (a power of two, as the kernel requires)  *)
(* and how many of them are reserved above the soft limit.                 *)
(***************************************************************************)
CONSTANTS RingSize, RingReserved

CONSTANTS WithBitmap, Harvest, PushOrder, CollectOrder, CollectSkip,
          SoftFullExit, ResetOrder, ResetInterrupt, Reapers, DeviceSave,
          BitmapRead

HarvestSteps == {"collect", "reset-rings", "flush-tlb", "send"}

(***************************************************************************)
(* The sequences that are orders of a set: every element exactly once.     *)
(***************************************************************************)
IsOrderOf(s, S) == /\ s \in Seq(S)
                   /\ Len(s) = Cardinality(S)
                   /\ \A i, j \in 1..Len(s) : i # j => s[i] # s[j]

ASSUME /\ RingSize \in {2, 4, 8, 16}
       /\ RingReserved \in 0..(RingSize - 1)
       /\ WithBitmap \in BOOLEAN
       /\ Harvest \in Seq(HarvestSteps)
       /\ \A i, j \in 1..Len(Harvest) : i # j => Harvest[i] # Harvest[j]
       /\ IsOrderOf(PushOrder, {"fields", "flag"})
       /\ IsOrderOf(CollectOrder, {"load-flag", "read-gfn", "mark-reset"})
       /\ CollectSkip \in BOOLEAN
       /\ SoftFullExit \in BOOLEAN
       /\ IsOrderOf(ResetOrder, {"invalidate", "write-protect"})
       /\ ResetInterrupt \in BOOLEAN
       /\ Reapers \in {1, 2}
       /\ DeviceSave \in BOOLEAN
       /\ BitmapRead \in {"after-device-save", "before-device-save", "never"}

-----------------------------------------------------------------------------
(***************************************************************************)
(* Ring entries and userspace reaper threads are numbered from 0, as       *)
(* pages and vCPUs are (DirtyMachine), in the kernel and in Java.          *)
(***************************************************************************)
Slots == 0..(RingSize - 1)
ReaperIds == 0..(Reapers - 1)

(***************************************************************************)
(* The flags of a struct kvm_dirty_gfn, with the kernel's values:          *)
(* KVM_DIRTY_GFN_F_DIRTY is BIT(0), KVM_DIRTY_GFN_F_RESET is BIT(1), and 0 *)
(* is an invalid (free) entry.                                             *)
(***************************************************************************)
INVALID == 0
DIRTY == 1
RESET == 2

(***************************************************************************)
(* dirty_index and reset_index are free-running u32 counters; the kernel   *)
(* computes the ring's use as their difference modulo 2^32                 *)
(* (kvm_dirty_ring_used).  It is soft full at size - reserved entries      *)
(* (ring->soft_limit) and full at size.  A reset_index ahead of            *)
(* dirty_index (userspace marked entries that were never pushed) wraps to  *)
(* a use near 2^32; TLC's integers stop at 2^31, so the model writes       *)
(* 2^30 for 2^32, which is just as far above any ring size.                *)
(***************************************************************************)
Wrap == 1073741824
SoftLimit == RingSize - RingReserved

(***************************************************************************)
(* kvm_dirty_ring_push in two stores, in the variant's order: push.fields  *)
(* writes the entry's slot and offset, push.flag sets its flags to DIRTY.  *)
(* The increment of dirty_index, which only the vCPU itself reads, goes    *)
(* with the second store, as does the soft-full request.  In the fault     *)
(* path the push takes the place of mark-dirty.                            *)
(***************************************************************************)
PushSteps == [i \in 1..2 |-> "push." \o PushOrder[i]]
FaultProgram == FaultProgramOf(PushSteps)

(***************************************************************************)
(* Userspace's threads.  Reaper 0 is the migration thread ("harvester"):   *)
(* it collects the rings it owns, calls KVM_RESET_DIRTY_RINGS, sends the   *)
(* collected pages and runs the final round.  With Reapers = 2, reaper 1   *)
(* ("reaper1") owns the odd rings, collects them and calls the ioctl on    *)
(* its own once during the live rounds, then hands its pages to the       *)
(* migration thread -- after its ioctl returned, as QEMU's                 *)
(* kvm_dirty_ring_reap does before publishing dirty bits.                  *)
(***************************************************************************)
ReaperName(r) == IF r = 0 THEN "harvester" ELSE "reaper" \o ToString(r)
RingsOf(r) == {v \in Vcpus : v % Reapers = r}
NextRingOf(r, v) == IF \E n \in RingsOf(r) : n > v
                      THEN Min({n \in RingsOf(r) : n > v}) ELSE None
FirstRingOf(r) == Min(RingsOf(r))

(***************************************************************************)
(* The final round: pause the vCPUs, then (ring-with-bitmap) the device    *)
(* save and the read of the backup bitmap in the variant's order, then the *)
(* round's steps; reading the bitmap "after the device save" means just    *)
(* before the pages are sent, as the very last KVM call.                   *)
(***************************************************************************)
SendIndex(h) == IF \E i \in 1..Len(h) : h[i] = "send"
                  THEN CHOOSE i \in 1..Len(h) : h[i] = "send" ELSE Len(h) + 1
BeforeSend(h, s) == SubSeq(h, 1, SendIndex(h) - 1) \o <<s>> \o SubSeq(h, SendIndex(h), Len(h))

FinalProgram ==
  <<"pause-vcpus">>
  \o (IF WithBitmap /\ BitmapRead = "before-device-save" THEN <<"get-bitmap">> ELSE << >>)
  \o (IF DeviceSave THEN <<"device-save">> ELSE << >>)
  \o (IF WithBitmap /\ BitmapRead = "after-device-save" THEN BeforeSend(Harvest, "get-bitmap")
                                                          ELSE Harvest)

(***************************************************************************)
(* Reaper 1's one harvest: the round's steps without the sends, and        *)
(* without collect when it owns no ring.                                   *)
(***************************************************************************)
Reaper1Program ==
  SelectSeq(Harvest, LAMBDA s : s # "send" /\ (s # "collect" \/ RingsOf(1) # {}))

(***************************************************************************)
(* A live round does something only if it does more than send: a harvest  *)
(* of sends alone (or of nothing) has no live rounds.                      *)
(***************************************************************************)
HasLiveWork == \E i \in 1..Len(Harvest) : Harvest[i] # "send"

ProgramIn(r, rd) == IF r = 0 THEN (IF rd < NRounds THEN Harvest ELSE FinalProgram)
                             ELSE Reaper1Program

(***************************************************************************)
(* The host writes guest memory in the context of vCPU 0 (the vCPU thread  *)
(* emulating an instruction): its pushes go to ring 0, and while it writes *)
(* and pushes, vCPU 0 is in the kernel, not in the guest or its fault      *)
(* path -- the ring has one producer at a time, as in the kernel.          *)
(***************************************************************************)
HostVcpu == 0


-----------------------------------------------------------------------------
(***************************************************************************)
(* The machine's variables are DirtyMachine's.  The ring families add the  *)
(* memslot's dirty bitmap, which they use only as ring-with-bitmap's       *)
(* backup: the set of pages whose bit is set.                              *)
(***************************************************************************)
VARIABLE bitmap

(***************************************************************************)
(* The rings, struct kvm_dirty_ring per vCPU: the flags and the gfn        *)
(* (slot and offset; one memslot, so the page) of each entry -- zero at    *)
(* the start, as vzalloc leaves them -- and the free-running dirty_index   *)
(* and reset_index.                                                        *)
(***************************************************************************)
VARIABLES ringFlags, ringGfn, dirtyIndex, resetIndex

(***************************************************************************)
(* Userspace.  fetch[v] is the fetch index of ring v (QEMU's               *)
(* cpu->kvm_fetch_index); pend[r] the pages reaper r collected and has not *)
(* yet sent or handed over (QEMU's dirty bitmaps); skipped whether the one *)
(* skip of CollectSkip happened; round the migration thread's round        *)
(* (NRounds is the final round, NRounds + 1 means done); pc[r] the index   *)
(* of reaper r's current harvest step.  The collector of reaper r is at    *)
(* ring cRing[r] (None: not started), at step cPc[r] of CollectOrder for   *)
(* the entry at fetch[cRing[r]], with the gfn it read in cGfn[r].          *)
(***************************************************************************)
VARIABLES fetch, pend, skipped, round, pc, cRing, cPc, cGfn

(***************************************************************************)
(* KVM_RESET_DIRTY_RINGS as called by reaper r: kvm->slots_lock (FREE or  *)
(* the holding reaper); the ring being reset (None: the call has not       *)
(* started), the phase of its walk ("read", "invalidate",                  *)
(* "write-protect"), the open batch of pages to write-protect, the gfn     *)
(* just read, the entries read but not yet invalidated (ResetOrder         *)
(* write-protect first), whether the call reset any entry (the "cleared"   *)
(* count the kernel's flush depends on) and whether its write-protect      *)
(* cleared some W; interrupted whether the one signal of ResetInterrupt    *)
(* was taken.                                                              *)
(***************************************************************************)
VARIABLES slots_lock, rsRing, rsPhase, rsMask, rsGfn, rsN, rsCleared, rsChanged, interrupted

ringVars == <<ringFlags, ringGfn, dirtyIndex, resetIndex>>
userVars == <<fetch, pend, skipped, round, pc, cRing, cPc, cGfn>>
resetVars == <<slots_lock, rsRing, rsPhase, rsMask, rsGfn, rsN, rsCleared, rsChanged, interrupted>>
familyVars == <<bitmap, ringVars, userVars, resetVars>>
vars == <<machineState, familyVars, lastStep>>

(***************************************************************************)
(* What TLC compares to decide whether it has seen a state: everything but *)
(* lastStep.                                                               *)
(***************************************************************************)
view == <<machineState, familyVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* The ring's use (kvm_dirty_ring_used), and the state in which vCPU v may *)
(* not run guest code: its ring is soft full and the vCPU honours the      *)
(* request.  kvm_dirty_ring_push makes KVM_REQ_DIRTY_RING_SOFT_FULL when   *)
(* the ring reaches the soft limit, and kvm_dirty_ring_check_request, the  *)
(* first check of every guest entry, re-arms it and exits while the ring   *)
(* is still soft full; since only a reset lowers the use, "the request is  *)
(* pending and the ring is soft full" is "the ring is soft full", and the  *)
(* request needs no variable of its own.  A vCPU pushes at most once per   *)
(* exit in this model (one fault, or one host write, between two guest     *)
(* entries), so it never pushes past the soft limit while it honours the   *)
(* request: the reserved entries are never used, and RingReserved only     *)
(* places the soft limit.                                                  *)
(***************************************************************************)
Used(v) == IF dirtyIndex[v] >= resetIndex[v] THEN dirtyIndex[v] - resetIndex[v]
                                            ELSE Wrap + dirtyIndex[v] - resetIndex[v]
SoftFull(v) == Used(v) >= SoftLimit
Blocked(v) == SoftFullExit /\ SoftFull(v)

(***************************************************************************)
(* vCPU v is in the kernel doing the host's write and push.                *)
(***************************************************************************)
HostBusyOn(v) == HostWrites /\ v = HostVcpu /\ hostPage # None

(***************************************************************************)
(* The entry a push to ring v writes: dirty_index & (size - 1).  On a full *)
(* ring (the kernel's WARN_ON_ONCE(kvm_dirty_ring_full(ring))) this is the *)
(* oldest entry not yet reset, which the push overwrites.                  *)
(***************************************************************************)
PushSlot(v) == dirtyIndex[v] % RingSize

(***************************************************************************)
(* The type invariant: the machine's part (DirtyMachine), with the push    *)
(* as the host's program, and the ring's.                                  *)
(***************************************************************************)
TypeOK ==
  /\ MachineTypeOK(FaultProgram, PushSteps)
  /\ bitmap \subseteq Pages
  /\ ringFlags \in [Vcpus -> [Slots -> {INVALID, DIRTY, RESET}]]
  /\ ringGfn \in [Vcpus -> [Slots -> Pages]]
  /\ dirtyIndex \in [Vcpus -> Nat]
  /\ resetIndex \in [Vcpus -> Nat]
  /\ fetch \in [Vcpus -> Nat]
  /\ pend \in [ReaperIds -> SUBSET Pages]
  /\ skipped \in BOOLEAN
  /\ round \in 0..(NRounds + 1)
  /\ pc \in [ReaperIds -> 1..(Len(FinalProgram) + Len(Harvest) + 1)]
  /\ cRing \in [ReaperIds -> Vcpus \cup {None}]
  /\ cPc \in [ReaperIds -> 1..3]
  /\ cGfn \in [ReaperIds -> Pages \cup {None}]
  /\ slots_lock \in {FREE} \cup ReaperIds
  /\ rsRing \in [ReaperIds -> Vcpus \cup {None}]
  /\ rsPhase \in [ReaperIds -> {"read", "invalidate", "write-protect"}]
  /\ rsMask \in [ReaperIds -> SUBSET Pages]
  /\ rsGfn \in [ReaperIds -> Pages \cup {None}]
  /\ rsN \in [ReaperIds -> 0..RingSize]
  /\ rsCleared \in [ReaperIds -> BOOLEAN]
  /\ rsChanged \in [ReaperIds -> BOOLEAN]
  /\ interrupted \in BOOLEAN

(***************************************************************************)
(* The state right after dirty logging was enabled with the ring: the      *)
(* machine's initial state (DirtyMachine), the rings zero (vzalloc) with   *)
(* both indices at 0, the backup bitmap clear.  The migration thread       *)
(* starts its first round, or with no live round waits to pause the VM.    *)
(***************************************************************************)
Init ==
  /\ MachineInit
  /\ bitmap = {}
  /\ ringFlags = [v \in Vcpus |-> [s \in Slots |-> INVALID]]
  /\ ringGfn = [v \in Vcpus |-> [s \in Slots |-> 0]]
  /\ dirtyIndex = [v \in Vcpus |-> 0]
  /\ resetIndex = [v \in Vcpus |-> 0]
  /\ fetch = [v \in Vcpus |-> 0]
  /\ pend = [r \in ReaperIds |-> {}]
  /\ skipped = FALSE
  /\ round = IF NRounds > 0 /\ HasLiveWork THEN 0 ELSE NRounds
  /\ pc = [r \in ReaperIds |-> 1]
  /\ cRing = [r \in ReaperIds |-> None]
  /\ cPc = [r \in ReaperIds |-> 1]
  /\ cGfn = [r \in ReaperIds |-> None]
  /\ slots_lock = FREE
  /\ rsRing = [r \in ReaperIds |-> None]
  /\ rsPhase = [r \in ReaperIds |-> "read"]
  /\ rsMask = [r \in ReaperIds |-> {}]
  /\ rsGfn = [r \in ReaperIds |-> None]
  /\ rsN = [r \in ReaperIds |-> 0]
  /\ rsCleared = [r \in ReaperIds |-> FALSE]
  /\ rsChanged = [r \in ReaperIds |-> FALSE]
  /\ interrupted = FALSE

-----------------------------------------------------------------------------
(***************************************************************************)
(*                             The vCPUs                                   *)
(*                                                                         *)
(* A vCPU runs guest code -- guest-write and tlb-fill, DirtyMachine's      *)
(* steps -- only when its ring does not hold it out of the guest and it is *)
(* not in the kernel for the host.  Its fault path is the machine's, with  *)
(* the push in the place of mark-dirty.                                    *)
(***************************************************************************)
InGuest(v) == ~Blocked(v) /\ ~HostBusyOn(v)

guest_write(v, p) ==
  /\ InGuest(v)
  /\ GuestWrite(v, p)
  /\ UNCHANGED familyVars

tlb_fill(v, p) ==
  /\ InGuest(v)
  /\ TlbFill(v, p)
  /\ UNCHANGED familyVars

apply_flush(v) ==
  /\ ApplyFlush(v)
  /\ UNCHANGED familyVars

make_writable(v) ==
  /\ MakeWritable(FaultProgram, v)
  /\ UNCHANGED familyVars

(***************************************************************************)
(* The machine's slow path of the mixed fault path and its aging actor     *)
(* (the ring families reject both keys for now: the Java ring models       *)
(* neither; they are here so that the module has every step of the        *)
(* machine).                                                               *)
(***************************************************************************)
tdp_mmu_map(v) == TdpMmuMap(v) /\ UNCHANGED familyVars

access_track(p) == AccessTrack(p) /\ UNCHANGED familyVars

(***************************************************************************)
(* The two stores of kvm_dirty_ring_push of page p to ring v, and the      *)
(* increment of dirty_index that ends the push.  The kernel's order is     *)
(*                                                                         *)
(*     entry->slot = slot; entry->offset = offset;      (push.fields)      *)
(*     smp_wmb();                                                          *)
(*     kvm_dirty_gfn_set_dirtied(entry);                (push.flag)        *)
(*     ring->dirty_index++;                                                *)
(*     if (kvm_dirty_ring_soft_full(ring))                                 *)
(*         kvm_make_request(KVM_REQ_DIRTY_RING_SOFT_FULL, vcpu);           *)
(*                                                                         *)
(* PushOrder = <<"flag", "fields">> is the same push without the smp_wmb: *)
(* userspace may see DIRTY before the gfn.                                 *)
(***************************************************************************)
PushStore(s, v, p) ==
  /\ IF s = "push.fields"
       THEN ringGfn' = [ringGfn EXCEPT ![v][PushSlot(v)] = p] /\ UNCHANGED ringFlags
       ELSE ringFlags' = [ringFlags EXCEPT ![v][PushSlot(v)] = DIRTY] /\ UNCHANGED ringGfn
  /\ dirtyIndex' = IF s = PushSteps[2] THEN [dirtyIndex EXCEPT ![v] = @ + 1] ELSE dirtyIndex
  /\ UNCHANGED resetIndex

(***************************************************************************)
(* The push steps of vCPU v in its fault path: mark_page_dirty_in_slot     *)
(* with a running vCPU is kvm_dirty_ring_push(vcpu, slot, rel_gfn), to    *)
(* the vCPU's own ring.                                                    *)
(***************************************************************************)
push_fields(v) ==
  /\ FaultMarkStep(FaultProgram, v, "push.fields")
  /\ PushStore("push.fields", v, fault[v])
  /\ UNCHANGED <<bitmap, userVars, resetVars>>

push_flag(v) ==
  /\ FaultMarkStep(FaultProgram, v, "push.flag")
  /\ PushStore("push.flag", v, fault[v])
  /\ UNCHANGED <<bitmap, userVars, resetVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                           The host writer                               *)
(*                                                                         *)
(* kvm_write_guest in the context of vCPU 0 (host-write), DirtyMachine's   *)
(* step; mark_page_dirty_in_slot then pushes p to ring 0 in the push's two *)
(* steps.  The vCPU is in the kernel, so it must not be in its fault path, *)
(* nor held out by its ring (it would be in userspace).                    *)
(***************************************************************************)
host_write(p) ==
  /\ fault[HostVcpu] = None
  /\ ~Blocked(HostVcpu)
  /\ HostWrite(p)
  /\ UNCHANGED familyVars

(***************************************************************************)
(* The host's push steps, to ring HostVcpu, of the page it wrote.          *)
(***************************************************************************)
host_push_fields ==
  /\ HostMarkStep(PushSteps, "push.fields")
  /\ PushStore("push.fields", HostVcpu, hostPage)
  /\ UNCHANGED <<bitmap, userVars, resetVars>>

host_push_flag ==
  /\ HostMarkStep(PushSteps, "push.flag")
  /\ PushStore("push.flag", HostVcpu, hostPage)
  /\ UNCHANGED <<bitmap, userVars, resetVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                 Userspace: the reapers and their rounds                 *)
(*                                                                         *)
(* Reaper r's current program and harvest step.                            *)
(***************************************************************************)
Program(r) == ProgramIn(r, round)
Running(r) == IF r = 0 THEN round <= NRounds
                       ELSE /\ pc[r] <= Len(Reaper1Program)
                            /\ (pc[r] > 1 \/ ~paused)
At(r, s) == Running(r) /\ Program(r)[pc[r]] = s

(***************************************************************************)
(* Reaper 1 is idle: it has not started its harvest, or has finished it.   *)
(***************************************************************************)
Reaper1Idle == IF Reapers = 1 THEN TRUE ELSE pc[1] = 1 \/ pc[1] > Len(Reaper1Program)

(***************************************************************************)
(* The next step of a program after index j, skipping a send that has      *)
(* nothing to send (pa: the reaper's collected pages after this step).     *)
(***************************************************************************)
NextIndex(prog, j, pa) == IF j <= Len(prog) /\ prog[j] = "send" /\ pa = {} THEN j + 1 ELSE j

(***************************************************************************)
(* Reaper r has finished its current harvest step, with collected pages    *)
(* pa: it goes on with the next step; at the end of the migration thread's *)
(* program its next round begins (or, after the final round, it is done);  *)
(* at the end of reaper 1's program, reaper 1 hands its pages over.  Sets  *)
(* pend, pc and round.                                                     *)
(***************************************************************************)
Advance(r, pa) ==
  LET j == NextIndex(Program(r), pc[r] + 1, pa) IN
  IF j <= Len(Program(r))
    THEN /\ pc' = [pc EXCEPT ![r] = j]
         /\ pend' = [pend EXCEPT ![r] = pa]
         /\ UNCHANGED round
    ELSE IF r = 0
      THEN /\ round' = round + 1
           /\ pc' = [pc EXCEPT ![0] = IF round + 1 <= NRounds
                                        THEN NextIndex(ProgramIn(0, round + 1), 1, pa)
                                        ELSE 1]
           /\ pend' = [pend EXCEPT ![0] = pa]
      ELSE /\ pc' = [pc EXCEPT ![r] = j]
           /\ pend' = [pend EXCEPT ![0] = @ \cup pa, ![r] = {}]
           /\ UNCHANGED round

-----------------------------------------------------------------------------
(***************************************************************************)
(* collect: QEMU's kvm_dirty_ring_reap_one over each ring reaper r owns,   *)
(* from the ring's fetch index, the steps of CollectOrder per entry:       *)
(*                                                                         *)
(*   collect.load-flag   qatomic_load_acquire(&gfn->flags) == DIRTY, or    *)
(*                       stop: the ring is done (dirty_gfn_is_dirtied);    *)
(*   collect.read-gfn    read slot and offset;                             *)
(*   collect.mark-reset  qatomic_store_release(&gfn->flags, RESET)         *)
(*                       (dirty_gfn_set_collected).                        *)
(*                                                                         *)
(* When the entry's last step is done, its gfn is set in userspace's dirty *)
(* bitmap (kvm_dirty_ring_mark_page) and fetch advances.  A step moved     *)
(* ahead of load-flag acts before the check: read-gfn first reads a gfn    *)
(* that no acquire orders after the flag; mark-reset first marks an entry  *)
(* that may not even be dirty.                                             *)
(***************************************************************************)
CRing(r) == IF cRing[r] = None THEN FirstRingOf(r) ELSE cRing[r]
CSlot(r) == fetch[CRing(r)] % RingSize

(***************************************************************************)
(* The collector is at sub-step s of the entry.                            *)
(***************************************************************************)
CollectAt(r, s) == At(r, "collect") /\ CollectOrder[cPc[r]] = s

(***************************************************************************)
(* The entry's step is done; gfn is the value the entry's read-gfn gave.   *)
(***************************************************************************)
CollectStepDone(r, gfn) ==
  LET v == CRing(r) IN
  IF cPc[r] = 3
    THEN /\ pend' = [pend EXCEPT ![r] = @ \cup {gfn}]
         /\ fetch' = [fetch EXCEPT ![v] = @ + 1]
         /\ cRing' = [cRing EXCEPT ![r] = v]
         /\ cPc' = [cPc EXCEPT ![r] = 1]
         /\ cGfn' = [cGfn EXCEPT ![r] = None]
         /\ UNCHANGED <<round, pc>>
    ELSE /\ cRing' = [cRing EXCEPT ![r] = v]
         /\ cPc' = [cPc EXCEPT ![r] = @ + 1]
         /\ cGfn' = [cGfn EXCEPT ![r] = gfn]
         /\ UNCHANGED <<pend, fetch, round, pc>>

(***************************************************************************)
(* The collector found ring v's next entry not DIRTY: on to its next ring, *)
(* or, after the last, the collect is over.                                *)
(***************************************************************************)
RingCollected(r) ==
  LET n == NextRingOf(r, CRing(r)) IN
  /\ cPc' = [cPc EXCEPT ![r] = 1]
  /\ cGfn' = [cGfn EXCEPT ![r] = None]
  /\ UNCHANGED fetch
  /\ IF n # None
       THEN cRing' = [cRing EXCEPT ![r] = n] /\ UNCHANGED <<pend, round, pc>>
       ELSE cRing' = [cRing EXCEPT ![r] = None] /\ Advance(r, pend[r])

collect_load_flag(r) ==
  /\ CollectAt(r, "load-flag")
  /\ IF ringFlags[CRing(r)][CSlot(r)] = DIRTY
       THEN CollectStepDone(r, cGfn[r])
       ELSE RingCollected(r)
  /\ Did(ReaperName(r), "collect.load-flag", CRing(r))
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringVars, skipped, resetVars>>

collect_read_gfn(r) ==
  /\ CollectAt(r, "read-gfn")
  /\ CollectStepDone(r, ringGfn[CRing(r)][CSlot(r)])
  /\ Did(ReaperName(r), "collect.read-gfn", CRing(r))
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringVars, skipped, resetVars>>

collect_mark_reset(r) ==
  /\ CollectAt(r, "mark-reset")
  /\ ringFlags' = [ringFlags EXCEPT ![CRing(r)][CSlot(r)] = RESET]
  /\ CollectStepDone(r, cGfn[r])
  /\ Did(ReaperName(r), "collect.mark-reset", CRing(r))
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringGfn, dirtyIndex, resetIndex,
                 skipped, resetVars>>

(***************************************************************************)
(* collect.skip (CollectSkip, once): at the start of a DIRTY entry the     *)
(* collector steps over it -- an off-by-one in userspace's fetch index --  *)
(* neither recording its gfn nor marking it.                               *)
(***************************************************************************)
collect_skip(r) ==
  /\ CollectSkip
  /\ ~skipped
  /\ At(r, "collect")
  /\ cPc[r] = 1
  /\ ringFlags[CRing(r)][CSlot(r)] = DIRTY
  /\ fetch' = [fetch EXCEPT ![CRing(r)] = @ + 1]
  /\ cRing' = [cRing EXCEPT ![r] = CRing(r)]
  /\ skipped' = TRUE
  /\ Did(ReaperName(r), "collect.skip", CRing(r))
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringVars, pend, round, pc, cPc, cGfn,
                 resetVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* reset-rings: KVM_RESET_DIRTY_RINGS (kvm_vm_ioctl_reset_dirty_pages)     *)
(* called by reaper r.  Under slots_lock, for every vCPU's ring in turn,   *)
(* kvm_dirty_ring_reset walks from reset_index:                            *)
(*                                                                         *)
(*   reset.read        smp_load_acquire of the entry's flags; stop at the  *)
(*                     first entry not RESET, else READ_ONCE its slot and  *)
(*                     offset;                                             *)
(*   reset.invalidate  kvm_dirty_gfn_set_invalid (flags := 0),             *)
(*                     reset_index++, the count of entries reset ++;       *)
(*   reset.write-protect  kvm_reset_dirty_gfn of the batch: under          *)
(*                     mmu_lock, kvm_arch_mmu_enable_log_dirty_pt_masked.  *)
(*                                                                         *)
(* The kernel coalesces consecutive entries of one slot whose offsets are  *)
(* within BITS_PER_LONG of each other into one mask: with one memslot of   *)
(* at most 64 pages, every entry of a ring joins the batch, which is       *)
(* write-protected once, after the walk found the first entry not RESET.   *)
(* With ResetOrder write-protect first, the walk reads every RESET entry,  *)
(* write-protects the batch, then invalidates the entries it read.         *)
(*                                                                         *)
(* reset.interrupt (ResetInterrupt) is the 2025 check at the top of every  *)
(* iteration of the walk,                                                  *)
(*                                                                         *)
(*     if (signal_pending(current)) return -EINTR;                         *)
(*                                                                         *)
(* which returns without kvm_reset_dirty_gfn of the open batch: its        *)
(* entries are invalidated (and counted) but their pages stay writable.    *)
(* kvm_vm_ioctl_reset_dirty_pages stops the loop over the rings, drops     *)
(* slots_lock, still flushes if the count is not 0, and returns the count; *)
(* the VMM carries on.                                                     *)
(***************************************************************************)
RsRing(r) == IF rsRing[r] = None THEN 0 ELSE rsRing[r]
RsPhaseAt(r, ph) == At(r, "reset-rings") /\ rsPhase[r] = ph

(***************************************************************************)
(* Ring RsRing(r) is done: on to the next vCPU's ring, or, after the last, *)
(* slots_lock is dropped and the ioctl's walk is over.                     *)
(***************************************************************************)
RingResetDone(r) ==
  /\ rsPhase' = [rsPhase EXCEPT ![r] = "read"]
  /\ rsMask' = [rsMask EXCEPT ![r] = {}]
  /\ rsGfn' = [rsGfn EXCEPT ![r] = None]
  /\ rsN' = [rsN EXCEPT ![r] = 0]
  /\ IF RsRing(r) < NVcpus - 1
       THEN /\ rsRing' = [rsRing EXCEPT ![r] = RsRing(r) + 1]
            /\ slots_lock' = r
            /\ UNCHANGED <<pend, round, pc>>
       ELSE /\ rsRing' = [rsRing EXCEPT ![r] = None]
            /\ slots_lock' = FREE
            /\ Advance(r, pend[r])

(***************************************************************************)
(* The first reset.read of a call takes slots_lock and zeroes the count of *)
(* entries reset.                                                          *)
(***************************************************************************)
ResetCallStarts(r) ==
  IF rsRing[r] = None
    THEN /\ slots_lock = FREE
         /\ slots_lock' = r
    ELSE UNCHANGED slots_lock

reset_read(r) ==
  LET v == RsRing(r)
      s == (resetIndex[v] + rsN[r]) % RingSize
      harvested == /\ ringFlags[v][s] = RESET
                   /\ ResetOrder[1] = "write-protect" => rsN[r] < RingSize
  IN
  /\ RsPhaseAt(r, "read")
  /\ (rsRing[r] = None => slots_lock = FREE)
  /\ IF harvested
       THEN /\ rsRing' = [rsRing EXCEPT ![r] = v]
            /\ slots_lock' = r
            /\ rsCleared' = [rsCleared EXCEPT ![r] = IF rsRing[r] = None THEN FALSE ELSE @]
            /\ rsChanged' = [rsChanged EXCEPT ![r] = IF rsRing[r] = None THEN FALSE ELSE @]
            /\ IF ResetOrder[1] = "invalidate"
                 THEN /\ rsGfn' = [rsGfn EXCEPT ![r] = ringGfn[v][s]]
                      /\ rsPhase' = [rsPhase EXCEPT ![r] = "invalidate"]
                      /\ UNCHANGED <<rsMask, rsN>>
                 ELSE /\ rsMask' = [rsMask EXCEPT ![r] = @ \cup {ringGfn[v][s]}]
                      /\ rsN' = [rsN EXCEPT ![r] = @ + 1]
                      /\ UNCHANGED <<rsGfn, rsPhase>>
            /\ UNCHANGED <<pend, round, pc>>
       ELSE /\ rsCleared' = [rsCleared EXCEPT ![r] = IF rsRing[r] = None THEN FALSE ELSE @]
            /\ rsChanged' = [rsChanged EXCEPT ![r] = IF rsRing[r] = None THEN FALSE ELSE @]
            /\ IF rsMask[r] # {}
                 THEN /\ rsPhase' = [rsPhase EXCEPT ![r] = "write-protect"]
                      /\ rsRing' = [rsRing EXCEPT ![r] = v]
                      /\ slots_lock' = r
                      /\ UNCHANGED <<rsMask, rsGfn, rsN, pend, round, pc>>
                 ELSE RingResetDone(r)
  /\ Did(ReaperName(r), "reset.read", v)
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringVars, fetch, skipped, cRing, cPc, cGfn,
                 interrupted>>

reset_invalidate(r) ==
  LET v == RsRing(r)
      s == resetIndex[v] % RingSize
  IN
  /\ RsPhaseAt(r, "invalidate")
  /\ ringFlags' = [ringFlags EXCEPT ![v][s] = INVALID]
  /\ resetIndex' = [resetIndex EXCEPT ![v] = @ + 1]
  /\ rsCleared' = [rsCleared EXCEPT ![r] = TRUE]
  /\ IF ResetOrder[1] = "invalidate"
       THEN /\ rsMask' = [rsMask EXCEPT ![r] = @ \cup {rsGfn[r]}]
            /\ rsGfn' = [rsGfn EXCEPT ![r] = None]
            /\ rsPhase' = [rsPhase EXCEPT ![r] = "read"]
            /\ UNCHANGED <<rsN, rsRing, slots_lock, pend, round, pc>>
       ELSE IF rsN[r] > 1
         THEN /\ rsN' = [rsN EXCEPT ![r] = @ - 1]
              /\ UNCHANGED <<rsMask, rsGfn, rsPhase, rsRing, slots_lock, pend, round, pc>>
         ELSE RingResetDone(r)
  /\ Did(ReaperName(r), "reset.invalidate", v)
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringGfn, dirtyIndex, fetch, skipped,
                 cRing, cPc, cGfn, rsChanged, interrupted>>

(***************************************************************************)
(* reset.write-protect: kvm_reset_dirty_gfn takes KVM_MMU_LOCK in the      *)
(* HarvestLock mode (waiting for a locked fault path that holds it),       *)
(* calls kvm_arch_mmu_enable_log_dirty_pt_masked (DirtyMachine) on the     *)
(* batch and drops the lock, in one step.  The TLBs are not touched.       *)
(***************************************************************************)
reset_write_protect(r) ==
  /\ RsPhaseAt(r, "write-protect")
  /\ HarvestLockAvailable
  /\ kvm_arch_mmu_enable_log_dirty_pt_masked(rsMask[r])
  /\ rsChanged' = [rsChanged EXCEPT ![r] = @ \/ \E p \in rsMask[r] : W[p]]
  /\ IF ResetOrder[1] = "invalidate"
       THEN RingResetDone(r) /\ UNCHANGED rsCleared
       ELSE /\ rsPhase' = [rsPhase EXCEPT ![r] = "invalidate"]
            /\ rsMask' = [rsMask EXCEPT ![r] = {}]
            /\ UNCHANGED <<rsGfn, rsN, rsRing, slots_lock, pend, round, pc, rsCleared>>
  /\ Did(ReaperName(r), "reset.write-protect", RsRing(r))
  /\ UNCHANGED <<mem, dest, MW, tlb, bitmap, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, ringVars, fetch, skipped, cRing, cPc, cGfn, interrupted>>

reset_interrupt(r) ==
  /\ ResetInterrupt
  /\ ~interrupted
  /\ RsPhaseAt(r, "read")
  /\ rsRing[r] # None
  /\ interrupted' = TRUE
  /\ rsRing' = [rsRing EXCEPT ![r] = None]
  /\ rsPhase' = [rsPhase EXCEPT ![r] = "read"]
  /\ rsMask' = [rsMask EXCEPT ![r] = {}]
  /\ rsGfn' = [rsGfn EXCEPT ![r] = None]
  /\ rsN' = [rsN EXCEPT ![r] = 0]
  /\ slots_lock' = FREE
  /\ Advance(r, pend[r])
  /\ Did(ReaperName(r), "reset.interrupt", rsRing[r])
  /\ UNCHANGED <<machineVars, vcpuVars, hostVars, bitmap, ringVars, fetch, skipped, cRing, cPc, cGfn,
                 rsCleared, rsChanged>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* flush-tlb: the end of kvm_vm_ioctl_reset_dirty_pages, after slots_lock  *)
(* was dropped,                                                            *)
(*                                                                         *)
(*     if (cleared) kvm_flush_remote_tlbs(kvm);                            *)
(*                                                                         *)
(* -- FlushWhen "bits-consumed", the ring's default -- or unconditionally  *)
(* ("always"), or if the write-protect cleared some W ("spte-changed")     *)
(* (DirtyMachine's FlushWanted).  A flush not wanted changes nothing.      *)
(***************************************************************************)
flush_tlb(r) ==
  /\ At(r, "flush-tlb")
  /\ kvm_flush_remote_tlbs_if(FlushWanted(rsCleared[r], rsChanged[r]))
  /\ Advance(r, pend[r])
  /\ Did(ReaperName(r), "flush-tlb", None)
  /\ UNCHANGED <<mem, dest, W, MW, bitmap, mmu_lock, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, ringVars, fetch, skipped, cRing, cPc, cGfn, resetVars>>

(***************************************************************************)
(* send: the migration thread sends its collected pages, ascending, one    *)
(* per step (DirtyMachine's SendPage).                                      *)
(***************************************************************************)
send(p) ==
  /\ At(0, "send")
  /\ pend[0] # {}
  /\ p = Min(pend[0])
  /\ SendPage("harvester", p)
  /\ IF pend[0] \ {p} = {}
       THEN Advance(0, {})
       ELSE pend' = [pend EXCEPT ![0] = @ \ {p}] /\ UNCHANGED <<round, pc>>
  /\ UNCHANGED <<bitmap, ringVars, fetch, skipped, cRing, cPc, cGfn, resetVars>>

(***************************************************************************)
(* pause-vcpus, the start of the final round (vm_stop, DirtyMachine's      *)
(* PauseVcpus: no vCPU in its fault path, the host not between a write and *)
(* its push, pending flush requests served, no guest code after it); it    *)
(* also waits until reaper 1 is not in the middle of its harvest (QEMU's   *)
(* final sync takes the slots lock the reaper holds).                      *)
(***************************************************************************)
pause_vcpus ==
  /\ At(0, "pause-vcpus")
  /\ Reaper1Idle
  /\ PauseVcpus("harvester")
  /\ Advance(0, pend[0])
  /\ UNCHANGED <<bitmap, ringVars, fetch, skipped, cRing, cPc, cGfn, resetVars>>

(***************************************************************************)
(* device-save: with the vCPUs stopped, userspace has the kernel save      *)
(* device state into guest memory (the vgic/ITS tables,                    *)
(* KVM_DEV_ARM_ITS_SAVE_TABLES): a write to some page p with no running    *)
(* vCPU.  mark_page_dirty_in_slot then sets p in the backup bitmap         *)
(* (ring-with-bitmap: memslot->dirty_bitmap exists) or has nowhere to put  *)
(* it (ring: no bitmap, and the kernel's                                   *)
(* WARN_ON_ONCE(!vcpu && !kvm_arch_allow_write_without_running_vcpu(kvm))) *)
(* -- the write is dropped.                                                *)
(***************************************************************************)
device_save(p) ==
  /\ At(0, "device-save")
  /\ mem' = [mem EXCEPT ![p] = @ + 1]
  /\ bitmap' = IF WithBitmap THEN bitmap \cup {p} ELSE bitmap
  /\ Advance(0, pend[0])
  /\ Did("harvester", "device-save", p)
  /\ UNCHANGED <<dest, W, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, ringVars, fetch, skipped, cRing, cPc, cGfn, resetVars>>

(***************************************************************************)
(* get-bitmap: KVM_GET_DIRTY_LOG on the backup bitmap (the vCPUs are       *)
(* stopped, so its snapshot-clear, write-protect and copy are one step):   *)
(* its pages join the pages to send, and it is cleared.                    *)
(***************************************************************************)
get_bitmap ==
  /\ At(0, "get-bitmap")
  /\ bitmap' = {}
  /\ Advance(0, pend[0] \cup bitmap)
  /\ Did("harvester", "get-bitmap", None)
  /\ UNCHANGED <<mem, dest, W, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, ringVars, fetch, skipped, cRing, cPc, cGfn, resetVars>>

(***************************************************************************)
(* After the final round the migration is over; the system stutters, so    *)
(* that TLC's deadlock check flags only a migration stuck before its end.  *)
(***************************************************************************)
Terminated ==
  /\ round = NRounds + 1
  /\ UNCHANGED vars

-----------------------------------------------------------------------------
Next ==
  \/ \E v \in Vcpus, p \in Pages : guest_write(v, p) \/ tlb_fill(v, p)
  \/ \E v \in Vcpus : apply_flush(v) \/ make_writable(v) \/ push_fields(v) \/ push_flag(v)
                      \/ tdp_mmu_map(v)
  \/ \E p \in Pages : host_write(p) \/ access_track(p)
  \/ host_push_fields \/ host_push_flag
  \/ \E r \in ReaperIds :
       \/ collect_load_flag(r) \/ collect_read_gfn(r) \/ collect_mark_reset(r)
       \/ collect_skip(r)
       \/ reset_read(r) \/ reset_invalidate(r) \/ reset_write_protect(r) \/ reset_interrupt(r)
       \/ flush_tlb(r)
  \/ \E p \in Pages : send(p) \/ device_save(p)
  \/ pause_vcpus \/ get_bitmap
  \/ Terminated

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(*                              Properties                                 *)
(*                                                                         *)
(* NoLostWrite: after the final round the destination holds every page as  *)
(* guest memory holds it.  It alone decides a variant's verdict.           *)
(***************************************************************************)
MigrationDone == round = NRounds + 1

NoLostWrite == NoLostWriteOnce(MigrationDone)

(***************************************************************************)
(* RingNeverFull, a diagnostic: no ring ever holds size entries not yet    *)
(* reset, so kvm_dirty_ring_push's WARN_ON_ONCE(kvm_dirty_ring_full(ring)) *)
(* never fires and no push overwrites an entry.                            *)
(***************************************************************************)
RingNeverFull == \A v \in Vcpus : Used(v) < RingSize

(***************************************************************************)
(* Page p is queued for sending: a DIRTY entry of some ring that userspace *)
(* has not fetched yet names it, a collector is in the middle of the entry *)
(* that names it, some reaper has collected it and not yet sent it, or it  *)
(* is set in the backup bitmap.                                            *)
(***************************************************************************)
Queued(p) ==
  \/ \E v \in Vcpus : \E k \in fetch[v]..(dirtyIndex[v] - 1) :
        ringFlags[v][k % RingSize] = DIRTY /\ ringGfn[v][k % RingSize] = p
  \/ \E r \in ReaperIds : /\ cRing[r] # None
                         /\ cPc[r] > 1
                         /\ ringGfn[cRing[r]][fetch[cRing[r]] % RingSize] = p
  \/ \E r \in ReaperIds : p \in pend[r]
  \/ p \in bitmap

(***************************************************************************)
(* ProtectedOrQueued, a diagnostic (the ring's counterpart of get-log's    *)
(* LoggedOrProtected): every page is write-protected in its SPTE and in no *)
(* TLB (its next write faults and is pushed), or queued, or has a write in *)
(* flight.  A page that is neither can be written without anybody ever     *)
(* sending it again.                                                       *)
(***************************************************************************)
Protected(p) == ~W[p] /\ \A v \in Vcpus : p \notin tlb[v]

ProtectedOrQueued == \A p \in Pages : Protected(p) \/ Queued(p) \/ InFlight(p)

(***************************************************************************)
(* Every behaviour keeps the types; the safe variants of the catalog       *)
(* never lose a write, which TLC checks exhaustively within the bounds,    *)
(* and keep the two diagnostics; for each lost-write variant TLC finds a   *)
(* behaviour violating NoLostWrite.                                        *)
(***************************************************************************)
THEOREM Spec => []TypeOK
THEOREM Spec => []NoLostWrite
THEOREM Spec => [](RingNeverFull /\ ProtectedOrQueued)
=============================================================================
\* What TLC found, with one worker, at the bounds of the catalog's variant files: (pages, pages-per-word,
\* vcpus, writes, rounds, ring-size, ring-reserved) = (2, 2, 1, 2, 1, 4, 1), except ring-ignore-soft-limit at
\* (3, 2, 1, 3, 1, 2, 1); specs/manifest.tsv holds these counts.
\*
\*   variant                          verdict     distinct states  depth  trace steps
\*   ring-kernel-today                safe                  1537     42
\*   ring-reset-protect-first         safe                  1579     42
\*   ring-premature-reset             safe                  1537     42
\*   ring-locked-fault                safe                  1537     42
\*   ring-bitmap-today                safe                  2722     45
\*   ring-send-before-reset           lost-write             624     20     19
\*   ring-reset-no-flush              lost-write             460     19     18
\*   ring-ignore-soft-limit           lost-write           17341     35     34
\*   ring-push-flag-first             lost-write             849     20     19
\*   ring-collect-no-acquire          lost-write             859     22     21
\*   ring-reset-interrupt             lost-write             642     19     18
\*   ring-concurrent-reset            lost-write            2710     23     22
\*   ring-vcpuless-write              lost-write             110      9      8
\*   ring-collect-skip                lost-write             368     14     13
\*   ring-async-flush                 lost-write             667     21     20
\*   ring-bitmap-before-device-save   lost-write             141     10      9
\*   ring-bitmap-never-read           lost-write             110      9      8
\*
\* The diagnostics: RingNeverFull and ProtectedOrQueued hold for every safe variant above (and for
\* ring-kernel-today with host-writes, and at pages 3, writes 3); ring-ignore-soft-limit violates both, the
\* other lost-write variants violate ProtectedOrQueued.  Two reapers with FlushWhen = "always" are safe
\* (9884 states): the concurrent reset loses a write only because the second call skips its flush.
