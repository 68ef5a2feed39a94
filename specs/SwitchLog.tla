------------------------------- MODULE SwitchLog -------------------------------
(***************************************************************************)
(* KVM_SWITCH_DIRTY_LOG, the 2010 proposal (seed 000): two dirty ubitmap   *)
(* per slot, both in userspace.                                            *)
(*                                                                         *)
(* The memslot points at the active bitmap; markers set bits in it through *)
(* the memslot they looked up.  The ioctl switches the memslot to the      *)
(* other bitmap (switch-bitmap), waits for the readers that may still hold *)
(* the old memslot (wait-readers), write-protects the slot and flushes.    *)
(* Userspace then reads the old bitmap in place (read-old), sends its      *)
(* pages (send) and zeroes it (clear-old) before the next switch makes it  *)
(* active again.  As in srcu-swap, a marker looks up the memslot at the    *)
(* start of its fault ("cached") or at the mark ("under-lock").  No copy   *)
(* of that proposal's code was found; the steps are DESIGN.md's.           *)
(***************************************************************************)
EXTENDS DirtyMachine

(***************************************************************************)
(* The variant.  Harvest orders the steps switch-bitmap, wait-readers,     *)
(* write-protect, flush-tlb, read-old, send and clear-old (any order, any  *)
(* subset); MmuLock is the set of them done under mmu_lock (only           *)
(* write-protect and flush-tlb can be); MemslotLookup is "cached" or       *)
(* "under-lock".                                                           *)
(***************************************************************************)
CONSTANTS Harvest, MmuLock, MemslotLookup

(***************************************************************************)
(* The steps a harvest may list.                                           *)
(***************************************************************************)
HarvestSteps == {"switch-bitmap", "wait-readers", "write-protect", "flush-tlb", "read-old", "send",
                 "clear-old"}
(***************************************************************************)
(* The steps that may be done under mmu_lock.                              *)
(***************************************************************************)
LockableSteps == {"write-protect", "flush-tlb"}

ASSUME /\ Harvest \in Seq(HarvestSteps)
       /\ \A i, j \in 1..Len(Harvest) : i # j => Harvest[i] # Harvest[j]
       /\ MmuLock \subseteq {Harvest[i] : i \in 1..Len(Harvest)} \cap LockableSteps
       /\ MemslotLookup \in {"cached", "under-lock"}

(***************************************************************************)
(* The two userspace ubitmap.                                              *)
(***************************************************************************)
Bufs == {0, 1}

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
(* The atomic steps of one harvest.  write-protect, read-old and clear-old *)
(* act on one word per step; send is one entry during which userspace      *)
(* sends the pages it read, one by one; the others are one step each.  A   *)
(* maximal run of neighbouring steps under mmu_lock is one critical        *)
(* section.                                                                *)
(***************************************************************************)
Expand(h) ==
  LET locked == h \in MmuLock IN
  IF h \in {"write-protect", "read-old", "clear-old"}
    THEN [i \in 1..NWords |-> [step |-> h, arg |-> i - 1, locked |-> locked]]
    ELSE << [step |-> h, arg |-> None, locked |-> locked] >>

Steps == Flatten([i \in 1..Len(Harvest) |-> Expand(Harvest[i])])

Program ==
  [i \in 1..Len(Steps) |->
     [step    |-> Steps[i].step,
      arg     |-> Steps[i].arg,
      acquire |-> Steps[i].locked /\ (i = 1 \/ ~Steps[i - 1].locked),
      release |-> Steps[i].locked /\ (i = Len(Steps) \/ ~Steps[i + 1].locked)]]

(***************************************************************************)
(* A send entry when userspace read nothing is skipped; Start is where a   *)
(* harvest begins, and a program that would start past its end does       *)
(* nothing.                                                                *)
(***************************************************************************)
Skip(i, lg) == IF i <= Len(Program) /\ Program[i].step = "send" /\ lg = {} THEN i + 1 ELSE i
Start == Skip(1, {})
Idle == Start > Len(Program)

-----------------------------------------------------------------------------
(***************************************************************************)
(* ubitmap[b] is userspace bitmap b, active the one the memslot points at. *)
(* The markers' registers: memslot[v] and hostMemslot the bitmap a marker *)
(* looked up (None while it holds none), reg[v] and hostReg the word       *)
(* __set_bit loaded.  readers and hostReader: the vCPUs, and whether the   *)
(* host, whose read section began before the last switch and has not      *)
(* ended -- those wait-readers waits for.                                  *)
(***************************************************************************)
VARIABLES ubitmap, active, readers, hostReader
VARIABLES memslot, reg, hostMemslot, hostReg

(***************************************************************************)
(* The harvester, userspace and the ioctl: round, hpc ("harvest", "pause", *)
(* "done"), hidx the index in Program of its next step, sendPage the next  *)
(* page to send, readBuf the bitmap userspace last read (the one clear-old *)
(* zeroes; None before the first read), log the pages it read.            *)
(***************************************************************************)
VARIABLES round, hpc, hidx, sendPage, readBuf, log

slotVars == <<ubitmap, active, readers, hostReader>>
(***************************************************************************)
(* The variables a step may leave unchanged as a group, and all of them:   *)
(* the machine's and the family's, and lastStep.                           *)
(***************************************************************************)
registers == <<memslot, reg, hostMemslot, hostReg>>
harvesterVars == <<round, hpc, hidx, sendPage, readBuf, log>>
switchVars == <<slotVars, registers, harvesterVars>>
vars == <<machineState, switchVars, lastStep>>
view == <<machineState, switchVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* The type invariant: the machine's, the step argument a page, a word or  *)
(* None, and the family's variables.                                       *)
(***************************************************************************)
TypeOK ==
  /\ MachineTypeOK(FaultProgram, HostProgram)
  /\ lastStep.arg \in Pages \cup Words \cup {None}
  /\ ubitmap \in [Bufs -> SUBSET Pages]
  /\ active \in Bufs
  /\ readers \subseteq Vcpus
  /\ hostReader \in BOOLEAN
  /\ memslot \in [Vcpus -> Bufs \cup {None}]
  /\ reg \in [Vcpus -> SUBSET Pages]
  /\ hostMemslot \in Bufs \cup {None}
  /\ hostReg \subseteq Pages
  /\ round \in 0..(NRounds + 1)
  /\ hpc \in {"harvest", "pause", "done"}
  /\ hidx \in 1..(Len(Program) + 1)
  /\ sendPage \in Pages \cup {None}
  /\ readBuf \in Bufs \cup {None}
  /\ log \subseteq Pages

(***************************************************************************)
(* The state right after dirty logging was enabled: the machine's (every   *)
(* page write-protected), every bitmap clear, no marker holding a memslot, *)
(* nobody waited for.                                                      *)
(***************************************************************************)
Init ==
  /\ MachineInit
  /\ ubitmap = [g \in Bufs |-> {}]
  /\ active = 0
  /\ readers = {}
  /\ hostReader = FALSE
  /\ memslot = [v \in Vcpus |-> None]
  /\ reg = [v \in Vcpus |-> {}]
  /\ hostMemslot = None
  /\ hostReg = {}
  /\ IF NRounds > 0 /\ ~Idle
       THEN round = 0 /\ hpc = "harvest"
       ELSE round = NRounds /\ hpc = "pause"
  /\ hidx = Start
  /\ sendPage = None
  /\ readBuf = None
  /\ log = {}

-----------------------------------------------------------------------------
(***************************************************************************)
(*                            The vCPUs                                    *)
(*                                                                         *)
(* A vCPU's read section, for this model, is its fault path.  A           *)
(* guest write that faults begins it; with a cached lookup the fault looks *)
(* up the memslots now (the memslot lookup before mmu_lock).          *)
(***************************************************************************)
guest_write(v, p) ==
  /\ GuestWrite(v, p)
  /\ memslot' = IF fault'[v] # None /\ MemslotLookup = "cached"
                  THEN [memslot EXCEPT ![v] = active] ELSE memslot
  /\ UNCHANGED <<slotVars, reg, hostMemslot, hostReg, harvesterVars>>

(***************************************************************************)
(* Speculative walks and served flush requests touch nothing of the        *)
(* family.                                                                 *)
(***************************************************************************)
tlb_fill(v, p) == TlbFill(v, p) /\ UNCHANGED switchVars

apply_flush(v) == ApplyFlush(v) /\ UNCHANGED switchVars

(***************************************************************************)
(* The machine's slow-path step of the mixed fault path (kvm_tdp_mmu_map)  *)
(* and the aging actor's access tracking, with the family untouched; both  *)
(* are disabled unless the variant asks for fault-path: mixed or aging.    *)
(***************************************************************************)
tdp_mmu_map(v) == TdpMmuMap(v) /\ UNCHANGED switchVars

access_track(p) == AccessTrack(p) /\ UNCHANGED switchVars

(***************************************************************************)
(* The bitmap vCPU v marks at its (first) mark step: the one it looked up *)
(* at the start of the fault, or, under the lock, the active one.         *)
(***************************************************************************)
MarkBuf(v) == IF MemslotLookup = "cached" THEN memslot[v] ELSE active

(***************************************************************************)
(* After a fault step of v, with m and r its registers: when the step ends *)
(* the fault, the registers are forgotten and the read section is over.    *)
(***************************************************************************)
VcpuAfter(v, m, r) ==
  /\ memslot' = [memslot EXCEPT ![v] = IF fault'[v] = None THEN None ELSE m]
  /\ reg' = [reg EXCEPT ![v] = IF fault'[v] = None THEN {} ELSE r]
  /\ readers' = IF fault'[v] = None THEN readers \ {v} ELSE readers

make_writable(v) ==
  /\ MakeWritable(FaultProgram, v)
  /\ VcpuAfter(v, memslot[v], reg[v])
  /\ UNCHANGED <<ubitmap, active, hostReader, hostMemslot, hostReg, harvesterVars>>

(***************************************************************************)
(* mark_page_dirty into userspace bitmap g: set_bit; or __set_bit's       *)
(* load (LoadedWord) and store (set_bit_store) of the page's word.         *)
(***************************************************************************)
mark_page_dirty(g, p) == ubitmap' = [ubitmap EXCEPT ![g] = @ \cup {p}]

LoadedWord(g, p) == ubitmap[g] \cap PagesOf(WordOf(p))

set_bit_store(g, p, r) ==
  ubitmap' = [ubitmap EXCEPT ![g] = (@ \ PagesOf(WordOf(p))) \cup r \cup {p}]

(***************************************************************************)
(* The vCPU's mark steps: set_bit, or __set_bit's load (which looks the    *)
(* memslot up, under the lock) and store.                                  *)
(***************************************************************************)
mark_dirty(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty")
  /\ mark_page_dirty(MarkBuf(v), fault[v])
  /\ VcpuAfter(v, MarkBuf(v), reg[v])
  /\ UNCHANGED <<active, hostReader, hostMemslot, hostReg, harvesterVars>>

mark_dirty_load(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.load")
  /\ UNCHANGED ubitmap
  /\ VcpuAfter(v, MarkBuf(v), LoadedWord(MarkBuf(v), fault[v]))
  /\ UNCHANGED <<active, hostReader, hostMemslot, hostReg, harvesterVars>>

mark_dirty_store(v) ==
  /\ FaultMarkStep(FaultProgram, v, "mark-dirty.store")
  /\ set_bit_store(memslot[v], fault[v], reg[v])
  /\ VcpuAfter(v, memslot[v], reg[v])
  /\ UNCHANGED <<active, hostReader, hostMemslot, hostReg, harvesterVars>>

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
  /\ hostMemslot' = IF MemslotLookup = "cached" THEN active ELSE hostMemslot
  /\ UNCHANGED <<slotVars, memslot, reg, hostReg, harvesterVars>>

HostMarkBuf == IF MemslotLookup = "cached" THEN hostMemslot ELSE active

HostAfter(m, r) ==
  /\ hostMemslot' = IF hostPage' = None THEN None ELSE m
  /\ hostReg' = IF hostPage' = None THEN {} ELSE r
  /\ hostReader' = (hostReader /\ hostPage' # None)

(***************************************************************************)
(* The host's mark steps, into the bitmap HostMarkBuf says, with the       *)
(* registers kept while it marks.                                          *)
(***************************************************************************)
host_mark_dirty ==
  /\ HostMarkStep(HostProgram, "mark-dirty")
  /\ mark_page_dirty(HostMarkBuf, hostPage)
  /\ HostAfter(HostMarkBuf, hostReg)
  /\ UNCHANGED <<active, readers, memslot, reg, harvesterVars>>

host_mark_dirty_load ==
  /\ HostMarkStep(HostProgram, "mark-dirty.load")
  /\ UNCHANGED ubitmap
  /\ HostAfter(HostMarkBuf, LoadedWord(HostMarkBuf, hostPage))
  /\ UNCHANGED <<active, readers, memslot, reg, harvesterVars>>

host_mark_dirty_store ==
  /\ HostMarkStep(HostProgram, "mark-dirty.store")
  /\ set_bit_store(hostMemslot, hostPage, hostReg)
  /\ HostAfter(hostMemslot, hostReg)
  /\ UNCHANGED <<active, readers, memslot, reg, harvesterVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                           The harvester                                 *)
(*                                                                         *)
(* The end of a round: the next live round, the pause, or the end.  The    *)
(* bitmap userspace read stays known (readBuf) for the next clear-old.     *)
(***************************************************************************)
EndRound(r) ==
  /\ CASE r + 1 < NRounds /\ ~Idle -> round' = r + 1 /\ hpc' = "harvest"
       [] r + 1 <= NRounds          -> round' = NRounds /\ hpc' = "pause"
       [] OTHER                     -> round' = r + 1 /\ hpc' = "done"
  /\ hidx' = Start
  /\ sendPage' = None
  /\ log' = {}

(***************************************************************************)
(* After a step the harvester goes on at Program entry i, having read lg   *)
(* and last read bitmap rb; entering a send entry it starts with the       *)
(* smallest page it read.                                                  *)
(***************************************************************************)
GoOn(i, lg, rb) ==
  LET j == Skip(i, lg) IN
  /\ readBuf' = rb
  /\ IF j > Len(Program)
       THEN EndRound(round)
       ELSE /\ hidx' = j
            /\ sendPage' = IF Program[j].step = "send" THEN Min(lg) ELSE None
            /\ log' = lg
            /\ UNCHANGED <<round, hpc>>

HarvestAt(s) == hpc = "harvest" /\ hidx <= Len(Program) /\ Program[hidx].step = s
Arg == Program[hidx].arg

(***************************************************************************)
(* The old bitmap: the one the memslot does not point at.                  *)
(***************************************************************************)
Old == 1 - active

(***************************************************************************)
(* What every step of the harvest does besides its effect: mmu_lock at the *)
(* ends of critical sections, then the harvester goes on.                  *)
(***************************************************************************)
HarvestStepDone(lg, rb) ==
  LET mi == Program[hidx] IN
  /\ mi.acquire => HarvestLockAvailable
  /\ mmu_lock' = HarvestLockAfter(mi.acquire, mi.release)
  /\ GoOn(hidx + 1, lg, rb)
  /\ Did("harvester", mi.step, mi.arg)
  /\ UNCHANGED <<mem, dest, MW, paused, vcpuVars, hostVars, registers>>

(***************************************************************************)
(* switch-bitmap: the memslot now points at the other userspace bitmap.    *)
(* Every marker in its read section may hold the memslot as it was: those  *)
(* are the readers wait-readers waits for.                                 *)
(***************************************************************************)
switch_bitmap ==
  /\ HarvestAt("switch-bitmap")
  /\ active' = 1 - active
  /\ readers' = {v \in Vcpus : fault[v] # None}
  /\ hostReader' = (hostPage # None)
  /\ UNCHANGED <<ubitmap, W, tlb, flushReq>>
  /\ HarvestStepDone(log, readBuf)

(***************************************************************************)
(* wait-readers returns once every read section that began before the      *)
(* switch has ended.                                                       *)
(***************************************************************************)
wait_readers ==
  /\ HarvestAt("wait-readers")
  /\ readers = {}
  /\ ~hostReader
  /\ UNCHANGED <<slotVars, W, tlb, flushReq>>
  /\ HarvestStepDone(log, readBuf)

(***************************************************************************)
(* write-protect: every SPTE of the slot, word Arg's pages per step.       *)
(***************************************************************************)
write_protect ==
  /\ HarvestAt("write-protect")
  /\ kvm_arch_mmu_enable_log_dirty_pt_masked(PagesOf(Arg))
  /\ UNCHANGED <<slotVars, tlb, flushReq>>
  /\ HarvestStepDone(log, readBuf)

flush_tlb ==
  /\ HarvestAt("flush-tlb")
  /\ kvm_flush_remote_tlbs
  /\ UNCHANGED <<slotVars, W>>
  /\ HarvestStepDone(log, readBuf)

(***************************************************************************)
(* read-old: userspace reads word Arg of the old bitmap in place.          *)
(***************************************************************************)
read_old ==
  /\ HarvestAt("read-old")
  /\ UNCHANGED <<slotVars, W, tlb, flushReq>>
  /\ HarvestStepDone((log \ PagesOf(Arg)) \cup (ubitmap[Old] \cap PagesOf(Arg)), Old)

(***************************************************************************)
(* clear-old: userspace zeroes word Arg of the bitmap it last read --      *)
(* whichever is active by now; before its first read it has nothing to     *)
(* zero.                                                                   *)
(***************************************************************************)
clear_old ==
  /\ HarvestAt("clear-old")
  /\ ubitmap' = IF readBuf = None THEN ubitmap
                ELSE [ubitmap EXCEPT ![readBuf] = @ \ PagesOf(Arg)]
  /\ UNCHANGED <<active, readers, hostReader, W, tlb, flushReq>>
  /\ HarvestStepDone(log, readBuf)

(***************************************************************************)
(* send: userspace sends the pages it read, ascending, one per step.       *)
(***************************************************************************)
send(p) ==
  LET rest == {q \in log : q > p} IN
  /\ HarvestAt("send")
  /\ p = sendPage
  /\ SendPage("harvester", p)
  /\ IF rest # {}
       THEN sendPage' = Min(rest) /\ UNCHANGED <<round, hpc, hidx, readBuf, log>>
       ELSE GoOn(hidx + 1, log, readBuf)
  /\ UNCHANGED <<slotVars, registers>>

pause_vcpus ==
  /\ hpc = "pause"
  /\ PauseVcpus("harvester")
  /\ IF ~Idle
       THEN hpc' = "harvest" /\ UNCHANGED <<round, hidx, sendPage, readBuf, log>>
       ELSE EndRound(round) /\ UNCHANGED readBuf
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
  \/ switch_bitmap \/ wait_readers \/ write_protect \/ flush_tlb \/ read_old \/ clear_old
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

THEOREM Spec => []TypeOK
THEOREM Spec => []NoLostWrite

=============================================================================
\* What TLC found, with one worker, at each catalog variant's bounds (pages, pages-per-word,
\* vcpus, writes, rounds); specs/manifest.tsv holds these counts and BitmapFamiliesTlcTest checks them.
\*
\*   variant                                bounds    verdict      states  depth  steps
\*   switch-2010                            2,2,2,2,1 safe         120431     38
\*   switch-clear-before-switch             2,2,1,2,2 safe           3080     36
\*   switch-no-wait-under-lock              2,2,2,2,1 safe         128852     36
\*   switch-clear-after-next-switch         2,2,1,2,2 lost-write     3054     25     24
\*   switch-host-nonatomic                  2,2,1,2,1 lost-write    35794     22     21
\*   switch-no-wait                         2,2,1,2,1 lost-write     1028     17     16
\*   switch-protect-before-switch           2,2,1,2,1 lost-write     1047     20     19
\*   switch-send-before-flush               2,2,1,2,1 lost-write     1320     21     20
\*
\* (For a lost-write variant, the states TLC had found at the first violation.)  The smallest
\* bounds at which each unsafe variant still fails (states, steps):
\*   switch-clear-after-next-switch at (1,1,1,1,2): 369 states, 24 steps
\*   switch-host-nonatomic at (2,2,1,1,0): 320 states, 15 steps
\*   switch-no-wait at (1,1,1,1,1): 192 states, 16 steps
\*   switch-protect-before-switch at (1,1,1,1,1): 167 states, 19 steps
\*   switch-send-before-flush at (1,1,1,1,1): 196 states, 20 steps
