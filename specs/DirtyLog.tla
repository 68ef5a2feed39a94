------------------------------- MODULE DirtyLog -------------------------------
(***************************************************************************)
(* KVM_GET_DIRTY_LOG: dirty page tracking with a bitmap that the harvest   *)
(* snapshots and clears, and the question it exists to answer: can a      *)
(* guest write be lost during live migration?                              *)
(*                                                                         *)
(* Live migration copies a running guest's memory to a destination while   *)
(* the guest keeps writing it.  Userspace repeatedly asks KVM which pages  *)
(* were written since it last asked (the KVM_GET_DIRTY_LOG ioctl, here     *)
(* "the harvest") and re-sends those pages.  To know which pages are       *)
(* written, KVM write-protects every page in the stage-2 page tables (the  *)
(* SPTEs): the first write to a page faults, the fault handler records the *)
(* page in a dirty bitmap (mark_page_dirty) and makes the SPTE writable    *)
(* again, and later writes to the page go straight through.  A harvest     *)
(* must therefore (1) snapshot and clear the bitmap, (2) write-protect the *)
(* pages it reports, so that their next write faults and is logged again,  *)
(* (3) flush the TLBs, which may still cache writable translations, and    *)
(* (4) copy the snapshot to userspace.  After the last round, with the     *)
(* vCPUs paused, the destination must hold what guest memory holds.        *)
(*                                                                         *)
(* The protocol has been reordered, relocked and made lockless many times  *)
(* since 2007.  This specification describes not one protocol but a        *)
(* family: every choice a kernel developer might make (the order of the    *)
(* harvest steps, which of them hold mmu_lock, whether the bitmap is       *)
(* cleared with xchg or a load and a store, whether mark_page_dirty uses   *)
(* set_bit or __set_bit, whether the fault path takes mmu_lock, in which   *)
(* order it marks and makes writable, whether the TLB flush waits, whether *)
(* the host writes guest memory) is a CONSTANT.  Model checking one        *)
(* assignment of the constants answers the question for that variant.      *)
(*                                                                         *)
(* The machine -- pages, SPTEs, TLBs, vCPUs and their fault paths, the     *)
(* host writer, mmu_lock, the flush, the pause, the send, NoLostWrite --   *)
(* is module DirtyMachine, which every protocol family extends.  This      *)
(* module adds what is get-log's: the dirty bitmap and how a page is       *)
(* marked in it (set_bit, or __set_bit as a load and a store), and the     *)
(* harvester: KVM_GET_DIRTY_LOG and the userspace loop around it.          *)
(***************************************************************************)
EXTENDS DirtyMachine

(***************************************************************************)
(* The variant's get-log keys.  Harvest is the sequence of kernel steps of *)
(* one KVM_GET_DIRTY_LOG, a sub-sequence of <<"snapshot-clear",            *)
(* "write-protect", "flush-tlb", "copy-to-user">> in any order; MmuLock is *)
(* the set of those done under mmu_lock (neighbours in Harvest share one   *)
(* critical section); ClearOp is "xchg" or "load-store".  The keys every   *)
(* family shares (SetOp, FaultPath, FaultOrder, Flush, HostWrites) and the *)
(* bounds are DirtyMachine's.                                              *)
(***************************************************************************)
CONSTANTS Harvest, MmuLock, ClearOp

HarvestSteps == {"snapshot-clear", "write-protect", "flush-tlb", "copy-to-user"}

ASSUME /\ Harvest \in Seq(HarvestSteps)
       /\ \A i, j \in 1..Len(Harvest) : i # j => Harvest[i] # Harvest[j]
       /\ MmuLock \subseteq {Harvest[i] : i \in 1..Len(Harvest)}
       /\ ClearOp \in {"xchg", "load-store"}

(***************************************************************************)
(* How get-log marks a page: mark_page_dirty is one step, or -- with       *)
(* __set_bit (SetOp = "non-atomic") -- two: a load of the bitmap word into *)
(* a register, and a store of the register with the page's bit set.  The   *)
(* vCPUs' fault path runs these steps where FaultOrder says "mark-dirty";  *)
(* the host writer runs them after its write.                              *)
(***************************************************************************)
MarkSteps == IF SetOp = "atomic" THEN <<"mark-dirty">>
                                 ELSE <<"mark-dirty.load", "mark-dirty.store">>
FaultProgram == FaultProgramOf(MarkSteps)
HostProgram == MarkSteps

(***************************************************************************)
(* The atomic steps of one harvest.  snapshot-clear and write-protect act  *)
(* one bitmap word per step, as the kernel's loop over                     *)
(* dirty_bitmap[i] does; a load-store clear is two steps per word.  Each   *)
(* step is a record: the step's name, its word (or None), the harvest step *)
(* it belongs to, and whether it takes or drops mmu_lock.  A maximal run   *)
(* of neighbouring steps under mmu_lock is one critical section: its first *)
(* step takes the lock and its last drops it.                              *)
(***************************************************************************)
Expand(h) ==
  LET locked == h \in MmuLock IN
  CASE h = "snapshot-clear" /\ ClearOp = "xchg" ->
         [i \in 1..NWords |-> [step |-> h, arg |-> i - 1, locked |-> locked]]
    [] h = "snapshot-clear" /\ ClearOp = "load-store" ->
         [i \in 1..(2 * NWords) |->
            [step |-> IF i % 2 = 1 THEN "snapshot-clear.load" ELSE "snapshot-clear.store",
             arg |-> (i - 1) \div 2, locked |-> locked]]
    [] h = "write-protect" ->
         [i \in 1..NWords |-> [step |-> h, arg |-> i - 1, locked |-> locked]]
    [] OTHER -> << [step |-> h, arg |-> None, locked |-> locked] >>

Steps == Flatten([i \in 1..Len(Harvest) |-> Expand(Harvest[i])])

Program ==
  [i \in 1..Len(Steps) |->
     [step    |-> Steps[i].step,
      arg     |-> Steps[i].arg,
      acquire |-> Steps[i].locked /\ (i = 1 \/ ~Steps[i - 1].locked),
      release |-> Steps[i].locked /\ (i = Len(Steps) \/ ~Steps[i + 1].locked)]]

-----------------------------------------------------------------------------
(***************************************************************************)
(* get-log's variables.                                                    *)
(*                                                                         *)
(*   bitmap      memslot->dirty_bitmap, as the set of pages whose bit is   *)
(*               set;                                                      *)
(*   reg[v]      the bitmap word (as a set of pages) vCPU v's __set_bit    *)
(*               loaded, kept until its fault ends;                        *)
(*   hostReg     the host writer's __set_bit register.                     *)
(***************************************************************************)
VARIABLES bitmap, reg, hostReg

(***************************************************************************)
(* The harvester, userspace's migration thread and the ioctl it calls:     *)
(* round (0-based; NRounds is the final round); hpc one of "harvest",      *)
(* "send", "pause", "done"; hidx the index in Program of its next harvest  *)
(* step; sendPage the next page to send; snap the second half of the       *)
(* bitmap (dirty_bitmap_buffer, the harvest's snapshot); taken whether a   *)
(* snapshot-clear step already ran in this harvest; changed whether a      *)
(* write-protect step of this harvest cleared some SPTE's W (kept only     *)
(* when FlushWhen = "spte-changed", FALSE otherwise); log the bitmap as    *)
(* userspace received it.                                                  *)
(***************************************************************************)
VARIABLES round, hpc, hidx, sendPage, snap, taken, changed, log

registers == <<reg, hostReg>>
harvesterVars == <<round, hpc, hidx, sendPage, snap, taken, changed, log>>
logVars == <<bitmap, registers, harvesterVars>>
vars == <<machineState, logVars, lastStep>>

(***************************************************************************)
(* What TLC compares to decide whether it has seen a state: everything but *)
(* lastStep.                                                               *)
(***************************************************************************)
view == <<machineState, logVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* The type invariant.                                                     *)
(***************************************************************************)
TypeOK ==
  /\ MachineTypeOK(FaultProgram, HostProgram)
  /\ lastStep.arg \in Pages \cup Words \cup {None}
  /\ bitmap \subseteq Pages
  /\ reg \in [Vcpus -> SUBSET Pages]
  /\ hostReg \subseteq Pages
  /\ round \in 0..(NRounds + 1)
  /\ hpc \in {"harvest", "send", "pause", "done"}
  /\ hidx \in 1..(Len(Program) + 1)
  /\ sendPage \in Pages \cup {None}
  /\ snap \subseteq Pages
  /\ taken \in BOOLEAN
  /\ changed \in BOOLEAN
  /\ log \subseteq Pages

(***************************************************************************)
(* The state right after dirty logging was enabled: the machine's initial  *)
(* state, the bitmap clear, the registers empty.  The harvester starts its *)
(* first round (or, with no live round, waits to pause the VM).            *)
(***************************************************************************)
Init ==
  /\ MachineInit
  /\ bitmap = {}
  /\ reg = [v \in Vcpus |-> {}]
  /\ hostReg = {}
  /\ IF NRounds > 0 /\ Len(Program) > 0
       THEN round = 0 /\ hpc = "harvest"
       ELSE round = NRounds /\ hpc = "pause"
  /\ hidx = 1
  /\ sendPage = None
  /\ snap = {}
  /\ taken = FALSE
  /\ changed = FALSE
  /\ log = {}

-----------------------------------------------------------------------------
(***************************************************************************)
(* The actions.  There is one action per atomic step of the vocabulary,    *)
(* named after it (guest-write is guest_write, snapshot-clear.load is      *)
(* snapshot_clear_load, the host's mark-dirty is host_mark_dirty).         *)
(*                                                                         *)
(*                            The vCPUs                                    *)
(*                                                                         *)
(* The machine's steps of a vCPU (DirtyMachine's GuestWrite, TlbFill,      *)
(* ApplyFlush, MakeWritable) leave get-log's variables unchanged, except   *)
(* that a make-writable that ends the fault empties the vCPU's register.   *)
(***************************************************************************)
guest_write(v, p) == GuestWrite(v, p) /\ UNCHANGED logVars

tlb_fill(v, p) == TlbFill(v, p) /\ UNCHANGED logVars

apply_flush(v) == ApplyFlush(v) /\ UNCHANGED logVars

(***************************************************************************)
(* Vcpu v's register after its fault step: r, or empty if the step ended   *)
(* the fault.                                                              *)
(***************************************************************************)
RegAfter(v, r) == reg' = [reg EXCEPT ![v] = IF fault'[v] = None THEN {} ELSE r]

(***************************************************************************)
(* The slow path's first step (DirtyMachine's TdpMmuMap) and the aging     *)
(* actor's step (AccessTrack) leave get-log's variables unchanged.         *)
(***************************************************************************)
tdp_mmu_map(v) == TdpMmuMap(v) /\ UNCHANGED logVars

access_track(p) == AccessTrack(p) /\ UNCHANGED logVars

make_writable(v) ==
  /\ MakeWritable(FaultProgram, v)
  /\ RegAfter(v, reg[v])
  /\ UNCHANGED <<bitmap, hostReg, harvesterVars>>

(***************************************************************************)
(* mark_page_dirty with set_bit_le: one atomic read-modify-write of the    *)
(* page's bitmap word.                                                     *)
(***************************************************************************)
mark_page_dirty(p) ==
  bitmap' = bitmap \cup {p}

(***************************************************************************)
(* mark_page_dirty with __set_bit_le, in two steps: the load of p's word   *)
(* into a register (LoadedWord), then the store of the register with p's   *)
(* bit set -- whatever another setter or a clear did to the word in        *)
(* between is overwritten.                                                 *)
(***************************************************************************)
LoadedWord(p) == bitmap \cap PagesOf(WordOf(p))

set_bit_store(p, r) ==
  bitmap' = (bitmap \ PagesOf(WordOf(p))) \cup r \cup {p}

(***************************************************************************)
(* The mark steps of the fault path: mark-dirty, or mark-dirty's two       *)
(* halves with __set_bit.                                                  *)
(***************************************************************************)
mark_dirty(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty")
  /\ mark_page_dirty(fault[v])
  /\ RegAfter(v, reg[v])
  /\ UNCHANGED <<hostReg, harvesterVars>>

mark_dirty_load(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.load")
  /\ UNCHANGED bitmap
  /\ RegAfter(v, LoadedWord(fault[v]))
  /\ UNCHANGED <<hostReg, harvesterVars>>

mark_dirty_store(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.store")
  /\ set_bit_store(fault[v], reg[v])
  /\ RegAfter(v, reg[v])
  /\ UNCHANGED <<hostReg, harvesterVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                          The host writer                                *)
(*                                                                         *)
(* kvm_write_guest (step host-write, DirtyMachine's HostWrite), then       *)
(* mark_page_dirty in the host's own steps.  The host's register after a   *)
(* mark step: r, or empty once the mark is done.                           *)
(***************************************************************************)
host_write(p) == HostWrite(p) /\ UNCHANGED logVars

HostRegAfter(r) == hostReg' = IF hostPage' = None THEN {} ELSE r

host_mark_dirty ==
  /\ HostMarkStep(HostProgram, "mark-dirty")
  /\ mark_page_dirty(hostPage)
  /\ HostRegAfter(hostReg)
  /\ UNCHANGED <<reg, harvesterVars>>

host_mark_dirty_load ==
  /\ HostMarkStep(HostProgram, "mark-dirty.load")
  /\ UNCHANGED bitmap
  /\ HostRegAfter(LoadedWord(hostPage))
  /\ UNCHANGED <<reg, harvesterVars>>

host_mark_dirty_store ==
  /\ HostMarkStep(HostProgram, "mark-dirty.store")
  /\ set_bit_store(hostPage, hostReg)
  /\ HostRegAfter(hostReg)
  /\ UNCHANGED <<reg, harvesterVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                           The harvester                                 *)
(*                                                                         *)
(* The end of a round: after the sends of round r (or a harvest that       *)
(* reported nothing), the harvester starts the next live round, or pauses  *)
(* the VM for the final round, or -- after the final round -- is done.     *)
(* The ioctl's buffers are dead until the next harvest, which starts them  *)
(* empty (the kernel memsets dirty_bitmap_buffer).                         *)
(***************************************************************************)
EndRound(r) ==
  /\ CASE r + 1 < NRounds /\ Len(Program) > 0 -> round' = r + 1 /\ hpc' = "harvest"
       [] r + 1 <= NRounds                    -> round' = NRounds /\ hpc' = "pause"
       [] OTHER                               -> round' = r + 1 /\ hpc' = "done"
  /\ hidx' = 1
  /\ sendPage' = None
  /\ snap' = {}
  /\ taken' = FALSE
  /\ changed' = FALSE
  /\ log' = {}

(***************************************************************************)
(* The ioctl returns with lg in userspace's buffer: the harvester sends    *)
(* the reported pages, ascending, or ends the round if there are none.     *)
(***************************************************************************)
IoctlReturns(lg) ==
  IF lg # {}
    THEN /\ hpc' = "send"
         /\ sendPage' = Min(lg)
         /\ log' = lg
         /\ hidx' = 1
         /\ snap' = {}
         /\ taken' = FALSE
         /\ changed' = FALSE
         /\ UNCHANGED round
    ELSE EndRound(round)

(***************************************************************************)
(* The harvester is inside kvm_get_dirty_log_protect, at step s; Arg is    *)
(* the word that step acts on.                                             *)
(***************************************************************************)
HarvestAt(s) == hpc = "harvest" /\ Program[hidx].step = s
Arg == Program[hidx].arg

(***************************************************************************)
(* The ioctl's private buffers after its current step: the snapshot (the   *)
(* second half of the bitmap), whether a snapshot was taken, and the user  *)
(* buffer.                                                                 *)
(***************************************************************************)
SnapAfter ==
  IF Program[hidx].step \in {"snapshot-clear", "snapshot-clear.load"}
    THEN (snap \ PagesOf(Arg)) \cup (bitmap \cap PagesOf(Arg))
    ELSE snap
TakenAfter == taken \/ Program[hidx].step \in {"snapshot-clear", "snapshot-clear.load"}
LogAfter == IF Program[hidx].step = "copy-to-user" THEN snap ELSE log

(***************************************************************************)
(* Whether a write-protect step that clears W in the pages of mask changes *)
(* an SPTE: some page of mask is writable.  Kept only when the flush       *)
(* depends on it.                                                          *)
(***************************************************************************)
ChangedAfter(mask) ==
  IF FlushWhen = "spte-changed" /\ Program[hidx].step = "write-protect"
    THEN changed \/ \E p \in mask : W[p]
    ELSE changed

(***************************************************************************)
(* The pages the current write-protect step protects (none for another     *)
(* step): for word w, the pages in the snapshot -- or, when no             *)
(* snapshot-clear ran yet in this harvest, in the live bitmap.             *)
(***************************************************************************)
ProtectMask == (IF taken THEN snap ELSE bitmap) \cap PagesOf(Arg)

(***************************************************************************)
(* What every step of kvm_get_dirty_log_protect does besides its effect on *)
(* the machine: a step that opens a critical section waits for mmu_lock    *)
(* and takes it, the step that closes one drops it; the ioctl's buffers    *)
(* change; after the last step the ioctl returns.                          *)
(***************************************************************************)
HarvestStepDone ==
  LET mi == Program[hidx] IN
  /\ mi.acquire => HarvestLockAvailable
  /\ mmu_lock' = HarvestLockAfter(mi.acquire, mi.release)
  /\ IF hidx < Len(Program)
       THEN /\ hidx' = hidx + 1
            /\ snap' = SnapAfter
            /\ taken' = TakenAfter
            /\ changed' = ChangedAfter(ProtectMask)
            /\ log' = LogAfter
            /\ UNCHANGED <<round, hpc, sendPage>>
       ELSE IoctlReturns(LogAfter)
  /\ Did("harvester", mi.step, mi.arg)
  /\ UNCHANGED <<mem, dest, MW, paused, vcpuVars, hostVars, registers>>

(***************************************************************************)
(* snapshot-clear: mask = xchg(&dirty_bitmap[w], 0) -- the word goes to    *)
(* the snapshot and is cleared in one atomic step.                         *)
(***************************************************************************)
snapshot_clear ==
  /\ HarvestAt("snapshot-clear")
  /\ bitmap' = bitmap \ PagesOf(Arg)
  /\ UNCHANGED <<W, tlb, flushReq>>
  /\ HarvestStepDone

(***************************************************************************)
(* The load-store clear: snapshot-clear.load reads the word into the       *)
(* snapshot; snapshot-clear.store writes 0 to it (if the mask was not 0).  *)
(* A bit set in between is wiped.                                          *)
(***************************************************************************)
snapshot_clear_load ==
  /\ HarvestAt("snapshot-clear.load")
  /\ UNCHANGED <<bitmap, W, tlb, flushReq>>
  /\ HarvestStepDone

snapshot_clear_store ==
  /\ HarvestAt("snapshot-clear.store")
  /\ bitmap' = IF snap \cap PagesOf(Arg) # {} THEN bitmap \ PagesOf(Arg) ELSE bitmap
  /\ UNCHANGED <<W, tlb, flushReq>>
  /\ HarvestStepDone

(***************************************************************************)
(* write-protect: kvm_arch_mmu_enable_log_dirty_pt_masked of ProtectMask.  *)
(***************************************************************************)
write_protect ==
  /\ HarvestAt("write-protect")
  /\ kvm_arch_mmu_enable_log_dirty_pt_masked(ProtectMask)
  /\ UNCHANGED <<bitmap, tlb, flushReq>>
  /\ HarvestStepDone

(***************************************************************************)
(* flush-tlb: kvm_flush_remote_tlbs, sync or async as the variant says, if *)
(* FlushWhen wants it: the harvest consumed a bit when its snapshot holds  *)
(* a page.                                                                 *)
(***************************************************************************)
flush_tlb ==
  /\ HarvestAt("flush-tlb")
  /\ kvm_flush_remote_tlbs_if(FlushWanted(snap # {}, changed))
  /\ UNCHANGED <<bitmap, W>>
  /\ HarvestStepDone

(***************************************************************************)
(* copy_to_user of the snapshot into userspace's buffer (see LogAfter);    *)
(* nothing shared changes.                                                 *)
(***************************************************************************)
copy_to_user ==
  /\ HarvestAt("copy-to-user")
  /\ UNCHANGED <<bitmap, W, tlb, flushReq>>
  /\ HarvestStepDone

(***************************************************************************)
(* Userspace sends page p to the destination (step send, DirtyMachine's    *)
(* SendPage); then the next reported page, ascending.                      *)
(***************************************************************************)
send(p) ==
  LET rest == {q \in log : q > p} IN
  /\ hpc = "send"
  /\ p = sendPage
  /\ SendPage("harvester", p)
  /\ IF rest # {}
       THEN sendPage' = Min(rest) /\ UNCHANGED <<round, hpc, hidx, snap, taken, changed, log>>
       ELSE EndRound(round)
  /\ UNCHANGED <<bitmap, registers>>

(***************************************************************************)
(* The final round starts by stopping the VM (step pause-vcpus,            *)
(* DirtyMachine's PauseVcpus).  Then the last harvest starts.              *)
(***************************************************************************)
pause_vcpus ==
  /\ hpc = "pause"
  /\ PauseVcpus("harvester")
  /\ IF Len(Program) > 0
       THEN hpc' = "harvest" /\ UNCHANGED <<round, hidx, sendPage, snap, taken, changed, log>>
       ELSE EndRound(round)
  /\ UNCHANGED <<bitmap, registers>>

(***************************************************************************)
(* When the final round's last page is sent, the migration is over.  The   *)
(* system stutters there, so that TLC's deadlock check flags only a state  *)
(* in which the migration is stuck before its end.                         *)
(***************************************************************************)
MigrationDone == hpc = "done"

Terminated ==
  /\ MigrationDone
  /\ UNCHANGED vars

-----------------------------------------------------------------------------
Next ==
  \/ \E v \in Vcpus, p \in Pages : guest_write(v, p) \/ tlb_fill(v, p)
  \/ \E v \in Vcpus : \/ apply_flush(v)
                      \/ tdp_mmu_map(v)
                      \/ make_writable(v)
                      \/ mark_dirty(v) \/ mark_dirty_load(v) \/ mark_dirty_store(v)
  \/ \E p \in Pages : host_write(p) \/ access_track(p)
  \/ host_mark_dirty \/ host_mark_dirty_load \/ host_mark_dirty_store
  \/ snapshot_clear \/ snapshot_clear_load \/ snapshot_clear_store
  \/ write_protect \/ flush_tlb \/ copy_to_user
  \/ \E p \in Pages : send(p)
  \/ pause_vcpus
  \/ Terminated

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(*                            Properties                                   *)
(*                                                                         *)
(* NoLostWrite: after the final round, the destination holds every page as *)
(* guest memory holds it (DirtyMachine's NoLostWriteOnce).  This one       *)
(* property decides a variant's verdict.                                   *)
(***************************************************************************)
NoLostWrite == NoLostWriteOnce(MigrationDone)

(***************************************************************************)
(* LoggedOrProtected, a diagnostic: once the ioctl has returned, every     *)
(* page is dirty in the current bitmap, or write-protected in its SPTE and *)
(* absent from every TLB (so that its next write faults and is logged), or *)
(* has a write in flight.  It explains why a safe variant is safe; it      *)
(* fails for some safe variants too, so it never decides a verdict.        *)
(***************************************************************************)
LoggedOrProtected ==
  hpc \in {"send", "pause"} =>
    \A p \in Pages : \/ p \in bitmap
                     \/ ~W[p] /\ \A v \in Vcpus : p \notin tlb[v]
                     \/ InFlight(p)

(***************************************************************************)
(* Every behaviour keeps the types.                                        *)
(***************************************************************************)
THEOREM Spec => []TypeOK

(***************************************************************************)
(* The safe variants of the catalog (kernel-today, swap-flush-copy,        *)
(* copy-first-after-snapshot, protect-before-clear-locked,                 *)
(* load-store-clear-locked, locked-mark-before-writable) never lose a      *)
(* write; TLC checks this theorem exhaustively within the bounds.  For the *)
(* unsafe variants TLC finds a behaviour violating it.                     *)
(***************************************************************************)
THEOREM Spec => []NoLostWrite

(***************************************************************************)
(* For the same six safe variants the diagnostic holds too (checked with   *)
(* one vCPU and two writes); no-flush, async-flush and                     *)
(* flush-before-protect violate it: a page is clean, and writable in some  *)
(* TLB, after the ioctl returned.                                          *)
(***************************************************************************)
THEOREM Spec => []LoggedOrProtected

=============================================================================
\* What TLC found, with one worker, at bounds (pages, pages-per-word, vcpus,
\* writes, rounds) = (2, 2, 2, 2, 1); specs/manifest.tsv holds these counts
\* and TlcCatalogTest checks them.
\*
\*   variant                       verdict  distinct states  depth  trace steps
\*   kernel-today                  safe              63036     29
\*   swap-flush-copy               safe              61952     30
\*   copy-first-after-snapshot     safe              57762     30
\*   protect-before-clear-locked   safe              35859     30
\*   load-store-clear-locked       safe              67171     32
\*   locked-mark-before-writable   safe              56818     30
\*   protect-before-clear          lost-write        30660     15     14
\*   flush-before-protect          lost-write        37988     16     15
\*   no-flush                      lost-write        12047     14     13
\*   async-flush                   lost-write        46338     16     15
\*   load-store-clear-host         lost-write       268600     17     16
\*   load-store-clear-fast         lost-write        60520     20     19
\*   fast-mark-before-writable     lost-write        32927     15     14
\*   nonatomic-set-host            lost-write       465581     18     17
\*
\* (For a lost-write variant the states are those TLC had found when it met
\* the first violation.)  The smallest bounds at which each unsafe variant
\* still fails: (1,1,1,1,1) for protect-before-clear (120 states, 14 steps),
\* flush-before-protect (106, 15), no-flush (83, 13), async-flush (155, 15)
\* and fast-mark-before-writable (142, 14); (2,2,1,2,1) for
\* load-store-clear-fast (911, 20); (2,2,1,1,1) for load-store-clear-host
\* (1321, 17); (2,2,1,1,0) for nonatomic-set-host (269, 13).
\*
\* The catalog checks its unsafe variants at (2,2,1,2,1), where TLC finds (states, depth, trace steps):
\* protect-before-clear (716, 15, 14), flush-before-protect (709, 16, 15), no-flush (358, 14, 13),
\* async-flush (818, 16, 15), load-store-clear-host (9906, 17, 16), load-store-clear-fast (911, 21, 20),
\* fast-mark-before-writable (802, 15, 14), nonatomic-set-host (18897, 18, 17).
\*
\* Every count above, and every row of manifest.tsv, is the same as before the machine was split out of
\* this module into DirtyMachine.tla: the split changed no behaviour.
\*
\* The machine keys of issue 11 at their defaults (FaultLock = HarvestLock = "exclusive", MmuLockKind =
\* "spinlock", SpteUpdate = "atomic", FlushWhen = "always", Aging = FALSE) change none of the counts above.
\* The catalog's variants that use them, with one worker (states, depth, trace steps):
\*
\*   variant                          bounds      verdict      states  depth  steps
\*   kernel-today-tdp                 2,2,2,2,1   safe         124723     29
\*   mutex-mmu-lock                   2,2,2,2,1   safe          63036     29      (= kernel-today)
\*   plain-spte-shared-faults         2,2,2,2,1   safe         124851     29
\*   harvest-read-lock-write-faults   2,2,2,2,1   safe         119251     29
\*   aging-today                      2,2,2,2,1   safe         334594     34
\*   aging-tdp-today                  2,2,1,2,1   safe           2109     23      (575992 states, depth 36,
\*                                                                              at 2,2,2,2,1)
\*   harvest-read-lock                2,2,1,2,1   lost-write      947     16     15
\*   tdp-slow-fault-unlocked          2,2,1,2,1   lost-write      947     16     15
\*   aging-flush-if-changed           2,2,1,2,1   lost-write     1715     17     16
\*
\* Every count above is with every naming of the vCPUs counted.  Since the vCPUs are a symmetry set
\* (model values vcpu0, vcpu1 and SYMMETRY in MC.cfg, when mmu_lock is never held shared) TLC counts a
\* state and its renamings once: the rows at one vCPU, and those of a shared mmu_lock (kernel-today-tdp,
\* plain-spte-shared-faults, harvest-read-lock-write-faults), are unchanged; at two vCPUs kernel-today
\* and mutex-mmu-lock have 32412 states, aging-today 170351, and the others of the first table about
\* half theirs (specs/manifest.tsv; the counts above stay in manifest-no-symmetry.tsv, which TLC still
\* finds with tlc.symmetry=false).  kernel-today at (2,2,3,2,1): 4130466 states without the symmetry
\* set, 735767 with it, depth 34 both.
