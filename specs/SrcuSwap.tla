------------------------------- MODULE SrcuSwap -------------------------------
(***************************************************************************)
(* KVM_GET_DIRTY_LOG as x86 did it from 2009 to 2012: the bitmap is        *)
(* swapped, not cleared.                                                   *)
(*                                                                         *)
(* kvm_vm_ioctl_get_dirty_log allocated a fresh, zeroed bitmap, copied the *)
(* memslots array, pointed the copy's slot at the fresh bitmap and         *)
(* published the copy with rcu_assign_pointer(kvm->memslots, slots).  A    *)
(* marker -- a vCPU's fault path or the host writer -- finds the bitmap it *)
(* marks through the memslots it looked up inside its SRCU read section,   *)
(* so after the install it may still mark the old bitmap.                  *)
(* synchronize_srcu_expedited waits for every such read section to end;    *)
(* then the slot is write-protected (kvm_mmu_slot_remove_write_access,     *)
(* which ends with kvm_flush_remote_tlbs, under mmu_lock) and the old      *)
(* bitmap is copied to userspace.  Commit edde99ce0529 (2010) moved the    *)
(* write-protect after the swap: before it, a fault between the protect    *)
(* and the swap marked the old bitmap and left its page writable and clean *)
(* in the new one.                                                         *)
(*                                                                         *)
(* When a marker looks up the memslot is a key: at the start of the fault, *)
(* outside mmu_lock, as today's fault path caches fault->slot ("cached"),  *)
(* or at the mark itself, as 2.6.3x's set_spte -> mark_page_dirty ->       *)
(* gfn_to_memslot did inside mmu_lock ("under-lock").                      *)
(***************************************************************************)
EXTENDS DirtyMachine

(***************************************************************************)
(* The variant.  Harvest orders the steps install-bitmap,                  *)
(* synchronize-srcu, write-protect, flush-tlb and copy-to-user (any order, *)
(* any subset); MmuLock is the set of them done under mmu_lock (only       *)
(* write-protect and flush-tlb can be: synchronize_srcu sleeps, and        *)
(* neither the install nor copy_to_user took the spinlock); MemslotLookup  *)
(* is "cached" or "under-lock".                                            *)
(***************************************************************************)
CONSTANTS Harvest, MmuLock, MemslotLookup

(***************************************************************************)
(* The steps a harvest may list.                                           *)
(***************************************************************************)
HarvestSteps == {"install-bitmap", "synchronize-srcu", "write-protect", "flush-tlb", "copy-to-user"}
(***************************************************************************)
(* The steps that may be done under mmu_lock.                              *)
(***************************************************************************)
LockableSteps == {"write-protect", "flush-tlb"}

ASSUME /\ Harvest \in Seq(HarvestSteps)
       /\ \A i, j \in 1..Len(Harvest) : i # j => Harvest[i] # Harvest[j]
       /\ MmuLock \subseteq {Harvest[i] : i \in 1..Len(Harvest)} \cap LockableSteps
       /\ MemslotLookup \in {"cached", "under-lock"}

(***************************************************************************)
(* Each harvest installs at most one memslots generation, so generations   *)
(* 0..NRounds+1 suffice: 0 is the one dirty logging was enabled with.      *)
(***************************************************************************)
Gens == 0..(NRounds + 1)

(***************************************************************************)
(* mark_page_dirty: set_bit, or the era's __set_bit as a load and a store. *)
(***************************************************************************)
MarkSteps == IF SetOp = "atomic" THEN <<"mark-dirty">>
                                 ELSE <<"mark-dirty.load", "mark-dirty.store">>
(***************************************************************************)
(* The fault path and the host writer's steps after its write.             *)
(***************************************************************************)
FaultProgram == FaultProgramOf(MarkSteps)
HostProgram == MarkSteps

(***************************************************************************)
(* The atomic steps of one harvest.  write-protect acts on one word of the *)
(* slot per step; the other steps are one step each.  A maximal run of     *)
(* neighbouring steps under mmu_lock is one critical section.              *)
(***************************************************************************)
Expand(h) ==
  LET locked == h \in MmuLock IN
  IF h = "write-protect"
    THEN [i \in 1..NWords |-> [step |-> h, arg |-> i - 1, locked |-> locked]]
    ELSE << [step |-> h, arg |-> None, locked |-> locked] >>

Steps == Flatten([i \in 1..Len(Harvest) |-> Expand(Harvest[i])])

Program ==
  [i \in 1..Len(Steps) |->
     [step    |-> Steps[i].step,
      arg     |-> Steps[i].arg,
      acquire |-> Steps[i].locked /\ (i = 1 \/ ~Steps[i - 1].locked),
      release |-> Steps[i].locked /\ (i = Len(Steps) \/ ~Steps[i + 1].locked)]]

-----------------------------------------------------------------------------
(***************************************************************************)
(* The memslots: bitmaps[g] is the dirty bitmap of memslots generation g   *)
(* (slots->generation), gen the installed generation (kvm->memslots).      *)
(* The markers' registers: memslot[v] and hostMemslot the generation a     *)
(* marker looked up (None while it holds none), reg[v] and hostReg the     *)
(* word __set_bit loaded.  srcuWait and srcuHost: the vCPUs, and whether   *)
(* the host, whose read section began before the last install and has not *)
(* ended -- those synchronize_srcu waits for.                              *)
(***************************************************************************)
VARIABLES bitmaps, gen, srcuWait, srcuHost
VARIABLES memslot, reg, hostMemslot, hostReg

(***************************************************************************)
(* The harvester, userspace and the ioctl: round, hpc ("harvest", "send",  *)
(* "pause", "done"), hidx the index in Program of its next step, sendPage  *)
(* the next page to send, oldGen the generation the install replaced in   *)
(* this harvest (None before the install), log the bitmap userspace got.   *)
(***************************************************************************)
VARIABLES round, hpc, hidx, sendPage, oldGen, log

slotVars == <<bitmaps, gen, srcuWait, srcuHost>>
(***************************************************************************)
(* The variables a step may leave unchanged as a group, and all of them:   *)
(* the machine's and the family's, and lastStep.                           *)
(***************************************************************************)
registers == <<memslot, reg, hostMemslot, hostReg>>
harvesterVars == <<round, hpc, hidx, sendPage, oldGen, log>>
swapVars == <<slotVars, registers, harvesterVars>>
vars == <<machineState, swapVars, lastStep>>
view == <<machineState, swapVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* The type invariant: the machine's, the step argument a page, a word or  *)
(* None, and the family's variables.                                       *)
(***************************************************************************)
TypeOK ==
  /\ MachineTypeOK(FaultProgram, HostProgram)
  /\ lastStep.arg \in Pages \cup Words \cup {None}
  /\ bitmaps \in [Gens -> SUBSET Pages]
  /\ gen \in Gens
  /\ srcuWait \subseteq Vcpus
  /\ srcuHost \in BOOLEAN
  /\ memslot \in [Vcpus -> Gens \cup {None}]
  /\ reg \in [Vcpus -> SUBSET Pages]
  /\ hostMemslot \in Gens \cup {None}
  /\ hostReg \subseteq Pages
  /\ round \in 0..(NRounds + 1)
  /\ hpc \in {"harvest", "send", "pause", "done"}
  /\ hidx \in 1..(Len(Program) + 1)
  /\ sendPage \in Pages \cup {None}
  /\ oldGen \in Gens \cup {None}
  /\ log \subseteq Pages

(***************************************************************************)
(* The state right after dirty logging was enabled: the machine's (every   *)
(* page write-protected), every bitmap clear, no marker holding a memslot, *)
(* nobody waited for.                                                      *)
(***************************************************************************)
Init ==
  /\ MachineInit
  /\ bitmaps = [g \in Gens |-> {}]
  /\ gen = 0
  /\ srcuWait = {}
  /\ srcuHost = FALSE
  /\ memslot = [v \in Vcpus |-> None]
  /\ reg = [v \in Vcpus |-> {}]
  /\ hostMemslot = None
  /\ hostReg = {}
  /\ IF NRounds > 0 /\ Len(Program) > 0
       THEN round = 0 /\ hpc = "harvest"
       ELSE round = NRounds /\ hpc = "pause"
  /\ hidx = 1
  /\ sendPage = None
  /\ oldGen = None
  /\ log = {}

-----------------------------------------------------------------------------
(***************************************************************************)
(*                            The vCPUs                                    *)
(*                                                                         *)
(* A vCPU's SRCU read section, for this model, is its fault path.  A       *)
(* guest write that faults begins it; with a cached lookup the fault looks *)
(* up the memslots now (kvm_vcpu_gfn_to_memslot before mmu_lock).          *)
(***************************************************************************)
guest_write(v, p) ==
  /\ GuestWrite(v, p)
  /\ memslot' = IF fault'[v] # None /\ MemslotLookup = "cached"
                  THEN [memslot EXCEPT ![v] = gen] ELSE memslot
  /\ UNCHANGED <<slotVars, reg, hostMemslot, hostReg, harvesterVars>>

(***************************************************************************)
(* Speculative walks and served flush requests touch nothing of the        *)
(* family.                                                                 *)
(***************************************************************************)
tlb_fill(v, p) == TlbFill(v, p) /\ UNCHANGED swapVars

apply_flush(v) == ApplyFlush(v) /\ UNCHANGED swapVars

(***************************************************************************)
(* The machine's slow-path step of the mixed fault path (kvm_tdp_mmu_map)  *)
(* and the aging actor's access tracking, with the family untouched; both  *)
(* are disabled unless the variant asks for fault-path: mixed or aging.    *)
(***************************************************************************)
tdp_mmu_map(v) == TdpMmuMap(v) /\ UNCHANGED swapVars

access_track(p) == AccessTrack(p) /\ UNCHANGED swapVars

(***************************************************************************)
(* The generation vCPU v marks at its (first) mark step: the one it looked *)
(* up at the start of the fault, or, under the lock, the installed one.    *)
(***************************************************************************)
MarkGen(v) == IF MemslotLookup = "cached" THEN memslot[v] ELSE gen

(***************************************************************************)
(* After a fault step of v, with m and r its registers: when the step ends *)
(* the fault, the registers are forgotten and the read section is over.    *)
(***************************************************************************)
VcpuAfter(v, m, r) ==
  /\ memslot' = [memslot EXCEPT ![v] = IF fault'[v] = None THEN None ELSE m]
  /\ reg' = [reg EXCEPT ![v] = IF fault'[v] = None THEN {} ELSE r]
  /\ srcuWait' = IF fault'[v] = None THEN srcuWait \ {v} ELSE srcuWait

make_writable(v) ==
  /\ MakeWritable(FaultProgram, v)
  /\ VcpuAfter(v, memslot[v], reg[v])
  /\ UNCHANGED <<bitmaps, gen, srcuHost, hostMemslot, hostReg, harvesterVars>>

(***************************************************************************)
(* mark_page_dirty into generation g's bitmap: set_bit; or __set_bit's     *)
(* load (LoadedWord) and store (set_bit_store) of the page's word.         *)
(***************************************************************************)
mark_page_dirty(g, p) == bitmaps' = [bitmaps EXCEPT ![g] = @ \cup {p}]

LoadedWord(g, p) == bitmaps[g] \cap PagesOf(WordOf(p))

set_bit_store(g, p, r) ==
  bitmaps' = [bitmaps EXCEPT ![g] = (@ \ PagesOf(WordOf(p))) \cup r \cup {p}]

(***************************************************************************)
(* The vCPU's mark steps: set_bit, or __set_bit's load (which looks the    *)
(* memslot up, under the lock) and store.                                  *)
(***************************************************************************)
mark_dirty(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty")
  /\ mark_page_dirty(MarkGen(v), fault[v])
  /\ VcpuAfter(v, MarkGen(v), reg[v])
  /\ UNCHANGED <<gen, srcuHost, hostMemslot, hostReg, harvesterVars>>

mark_dirty_load(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.load")
  /\ UNCHANGED bitmaps
  /\ VcpuAfter(v, MarkGen(v), LoadedWord(MarkGen(v), fault[v]))
  /\ UNCHANGED <<gen, srcuHost, hostMemslot, hostReg, harvesterVars>>

mark_dirty_store(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.store")
  /\ set_bit_store(memslot[v], fault[v], reg[v])
  /\ VcpuAfter(v, memslot[v], reg[v])
  /\ UNCHANGED <<gen, srcuHost, hostMemslot, hostReg, harvesterVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                          The host writer                                *)
(*                                                                         *)
(* kvm_write_guest looks up the memslot before it writes (cached), or      *)
(* mark_page_dirty looks it up again at the mark (under-lock: the lookup   *)
(* is at the mark, though the host holds no lock).  Its read section runs  *)
(* from the write to the end of the mark.                                  *)
(***************************************************************************)
host_write(p) ==
  /\ HostWrite(p)
  /\ hostMemslot' = IF MemslotLookup = "cached" THEN gen ELSE hostMemslot
  /\ UNCHANGED <<slotVars, memslot, reg, hostReg, harvesterVars>>

HostMarkGen == IF MemslotLookup = "cached" THEN hostMemslot ELSE gen

HostAfter(m, r) ==
  /\ hostMemslot' = IF hostPage' = None THEN None ELSE m
  /\ hostReg' = IF hostPage' = None THEN {} ELSE r
  /\ srcuHost' = (srcuHost /\ hostPage' # None)

(***************************************************************************)
(* The host's mark steps, into the bitmap HostMarkGen says, with the       *)
(* registers kept while it marks.                                          *)
(***************************************************************************)
host_mark_dirty ==
  /\ HostMarkStep(HostProgram, "mark-dirty")
  /\ mark_page_dirty(HostMarkGen, hostPage)
  /\ HostAfter(HostMarkGen, hostReg)
  /\ UNCHANGED <<gen, srcuWait, memslot, reg, harvesterVars>>

host_mark_dirty_load ==
  /\ HostMarkStep(HostProgram, "mark-dirty.load")
  /\ UNCHANGED bitmaps
  /\ HostAfter(HostMarkGen, LoadedWord(HostMarkGen, hostPage))
  /\ UNCHANGED <<gen, srcuWait, memslot, reg, harvesterVars>>

host_mark_dirty_store ==
  /\ HostMarkStep(HostProgram, "mark-dirty.store")
  /\ set_bit_store(hostMemslot, hostPage, hostReg)
  /\ HostAfter(hostMemslot, hostReg)
  /\ UNCHANGED <<gen, srcuWait, memslot, reg, harvesterVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                           The harvester                                 *)
(*                                                                         *)
(* The end of a round: the next live round, the pause, or the end.  The    *)
(* old bitmap is freed once copied: nothing of it survives the round.      *)
(***************************************************************************)
EndRound(r) ==
  /\ CASE r + 1 < NRounds /\ Len(Program) > 0 -> round' = r + 1 /\ hpc' = "harvest"
       [] r + 1 <= NRounds                    -> round' = NRounds /\ hpc' = "pause"
       [] OTHER                               -> round' = r + 1 /\ hpc' = "done"
  /\ hidx' = 1
  /\ sendPage' = None
  /\ oldGen' = None
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
         /\ oldGen' = None
         /\ UNCHANGED round
    ELSE EndRound(round)

HarvestAt(s) == hpc = "harvest" /\ Program[hidx].step = s
Arg == Program[hidx].arg

(***************************************************************************)
(* What every step of the ioctl does besides its effect: mmu_lock is taken *)
(* and dropped at the ends of critical sections, og and lg are the old     *)
(* generation and the user buffer after the step, and after the last step  *)
(* the ioctl returns.                                                      *)
(***************************************************************************)
HarvestStepDone(og, lg) ==
  LET mi == Program[hidx] IN
  /\ mi.acquire => HarvestLockAvailable
  /\ mmu_lock' = HarvestLockAfter(mi.acquire, mi.release)
  /\ IF hidx < Len(Program)
       THEN /\ hidx' = hidx + 1
            /\ oldGen' = og
            /\ log' = lg
            /\ UNCHANGED <<round, hpc, sendPage>>
       ELSE IoctlReturns(lg)
  /\ Did("harvester", mi.step, mi.arg)
  /\ UNCHANGED <<mem, dest, MW, paused, vcpuVars, hostVars, registers>>

(***************************************************************************)
(* install-bitmap: the copied memslots, whose slot points at a fresh       *)
(* zeroed bitmap, are published (rcu_assign_pointer, slots->generation++). *)
(* Every marker in its read section now may hold the old memslots: those   *)
(* are the ones synchronize_srcu will wait for.                            *)
(***************************************************************************)
install_bitmap ==
  /\ HarvestAt("install-bitmap")
  /\ gen' = gen + 1
  /\ srcuWait' = {v \in Vcpus : fault[v] # None}
  /\ srcuHost' = (hostPage # None)
  /\ UNCHANGED <<bitmaps, W, tlb, flushReq>>
  /\ HarvestStepDone(gen, log)

(***************************************************************************)
(* synchronize-srcu: synchronize_srcu_expedited(&kvm->srcu) returns once   *)
(* every read section that began before the install has ended.  (Placed    *)
(* before the install, it waits only for what a previous install left.)    *)
(***************************************************************************)
synchronize_srcu ==
  /\ HarvestAt("synchronize-srcu")
  /\ srcuWait = {}
  /\ ~srcuHost
  /\ UNCHANGED <<slotVars, W, tlb, flushReq>>
  /\ HarvestStepDone(oldGen, log)

(***************************************************************************)
(* write-protect: kvm_mmu_slot_remove_write_access clears W in every SPTE  *)
(* of the slot, here word Arg's pages.                                     *)
(***************************************************************************)
write_protect ==
  /\ HarvestAt("write-protect")
  /\ kvm_arch_mmu_enable_log_dirty_pt_masked(PagesOf(Arg))
  /\ UNCHANGED <<slotVars, tlb, flushReq>>
  /\ HarvestStepDone(oldGen, log)

(***************************************************************************)
(* flush-tlb: the kvm_flush_remote_tlbs at the end of                      *)
(* kvm_mmu_slot_remove_write_access.                                       *)
(***************************************************************************)
flush_tlb ==
  /\ HarvestAt("flush-tlb")
  /\ kvm_flush_remote_tlbs
  /\ UNCHANGED <<slotVars, W>>
  /\ HarvestStepDone(oldGen, log)

(***************************************************************************)
(* copy-to-user of the old generation's bitmap.  Before the install the    *)
(* ioctl's dirty_bitmap is still the fresh, zeroed one, and that is what   *)
(* it would copy.                                                          *)
(***************************************************************************)
copy_to_user ==
  /\ HarvestAt("copy-to-user")
  /\ UNCHANGED <<slotVars, W, tlb, flushReq>>
  /\ HarvestStepDone(oldGen, IF oldGen = None THEN {} ELSE bitmaps[oldGen])

(***************************************************************************)
(* Userspace sends page p (DirtyMachine's SendPage), then the next         *)
(* reported page, ascending.                                               *)
(***************************************************************************)
send(p) ==
  LET rest == {q \in log : q > p} IN
  /\ hpc = "send"
  /\ p = sendPage
  /\ SendPage("harvester", p)
  /\ IF rest # {}
       THEN sendPage' = Min(rest) /\ UNCHANGED <<round, hpc, hidx, oldGen, log>>
       ELSE EndRound(round)
  /\ UNCHANGED <<slotVars, registers>>

pause_vcpus ==
  /\ hpc = "pause"
  /\ PauseVcpus("harvester")
  /\ IF Len(Program) > 0
       THEN hpc' = "harvest" /\ UNCHANGED <<round, hidx, sendPage, oldGen, log>>
       ELSE EndRound(round)
  /\ UNCHANGED <<slotVars, registers>>

MigrationDone == hpc = "done"

(***************************************************************************)
(* When the migration is over the system stutters, so that TLC's deadlock  *)
(* check flags only a migration stuck before its end.                      *)
(***************************************************************************)
Terminated ==
  /\ MigrationDone
  /\ UNCHANGED vars

-----------------------------------------------------------------------------(***************************************************************************)
(* Every step any actor may take.  The order of the disjuncts fixes TLC's  *)
(* breadth-first order, and so the counts of manifest.tsv: do not reorder. *)
(***************************************************************************)
Next ==
  \/ \E v \in Vcpus, p \in Pages : guest_write(v, p) \/ tlb_fill(v, p)
  \/ \E v \in Vcpus : \/ apply_flush(v)
                      \/ tdp_mmu_map(v)
                      \/ make_writable(v)
                      \/ mark_dirty(v) \/ mark_dirty_load(v) \/ mark_dirty_store(v)
  \/ \E p \in Pages : host_write(p) \/ access_track(p)
  \/ host_mark_dirty \/ host_mark_dirty_load \/ host_mark_dirty_store
  \/ install_bitmap \/ synchronize_srcu \/ write_protect \/ flush_tlb \/ copy_to_user
  \/ \E p \in Pages : send(p)
  \/ pause_vcpus
  \/ Terminated

(***************************************************************************)
(* The behaviours: Init, then any sequence of steps.                       *)
(***************************************************************************)
Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(* NoLostWrite decides the verdict.                                        *)
(***************************************************************************)
NoLostWrite == NoLostWriteOnce(MigrationDone)

(***************************************************************************)
(* LoggedOrProtected, the rule edde99ce0529 restored, as a diagnostic:     *)
(* once the ioctl has returned, every page is dirty in the installed       *)
(* generation's bitmap, or write-protected and absent from every TLB, or   *)
(* has a write in flight.                                                  *)
(***************************************************************************)
LoggedOrProtected ==
  hpc \in {"send", "pause"} =>
    \A p \in Pages : \/ p \in bitmaps[gen]
                     \/ ~W[p] /\ \A v \in Vcpus : p \notin tlb[v]
                     \/ InFlight(p)

THEOREM Spec => []TypeOK
THEOREM Spec => []NoLostWrite

(***************************************************************************)
(* For the four safe variants of the catalog the diagnostic holds too      *)
(* (checked with one vCPU); srcu-protect-before-swap breaks it 144 states  *)
(* into the search, before it loses a write.                               *)
(***************************************************************************)
THEOREM Spec => []LoggedOrProtected

=============================================================================
\* What TLC found, with one worker, at each catalog variant's bounds (pages, pages-per-word,
\* vcpus, writes, rounds); specs/manifest.tsv holds these counts and BitmapFamiliesTlcTest checks them.
\*
\*   variant                                bounds    verdict      states  depth  steps
\*   srcu-2010                              2,2,2,2,1 safe         111456     38
\*   srcu-copy-before-protect               2,2,2,2,1 safe         101398     38
\*   srcu-no-sync-under-lock                2,2,2,2,1 safe         113969     36
\*   srcu-protect-before-sync-under-lock    2,2,2,2,1 safe         127754     38
\*   srcu-host-nonatomic                    2,2,1,2,1 lost-write    24498     20     19
\*   srcu-no-flush                          2,2,1,2,1 lost-write      647     17     16
\*   srcu-no-sync                           2,2,1,2,1 lost-write      630     15     14
\*   srcu-protect-before-swap               2,2,1,2,1 lost-write      815     18     17
\*   srcu-protect-before-sync-cached        2,2,1,2,1 lost-write      981     18     17
\*   srcu-sync-before-install               2,2,1,2,1 lost-write      781     17     16
\*
\* (For a lost-write variant, the states TLC had found at the first violation.)  The smallest
\* bounds at which each unsafe variant still fails (states, steps):
\*   srcu-host-nonatomic at (2,2,1,1,0): 300 states, 14 steps
\*   srcu-no-flush at (1,1,1,1,1): 142 states, 16 steps
\*   srcu-no-sync at (1,1,1,1,1): 141 states, 14 steps
\*   srcu-protect-before-swap at (1,1,1,1,1): 151 states, 17 steps
\*   srcu-protect-before-sync-cached at (1,1,1,1,1): 178 states, 17 steps
\*   srcu-sync-before-install at (1,1,1,1,1): 164 states, 16 steps
