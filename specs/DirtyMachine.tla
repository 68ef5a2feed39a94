----------------------------- MODULE DirtyMachine -----------------------------
(***************************************************************************)
(* The machine that every dirty-logging protocol of KVM runs on: guest     *)
(* pages, their SPTEs, the vCPUs' TLBs, the vCPUs with their write-fault   *)
(* paths, the host writer, mmu_lock, the remote TLB flush, the pause of    *)
(* the VM for the final round, the copy of a page to the migration         *)
(* destination, and the question every protocol must answer: is a guest   *)
(* write ever lost?                                                        *)
(*                                                                         *)
(* Dirty logging write-protects every SPTE; the first write to a page      *)
(* faults, and the fault path records the page as dirty and makes the SPTE *)
(* writable again.  The protocols differ in HOW a dirty page is recorded   *)
(* and harvested: a bitmap that KVM_GET_DIRTY_LOG snapshots and clears     *)
(* (module DirtyLog), a bitmap KVM_CLEAR_DIRTY_LOG clears word by word, a  *)
(* bitmap swapped under SRCU, two user-space bitmaps, a per-vCPU ring.     *)
(* This module leaves the recording out.  A protocol family is a module    *)
(* that EXTENDS this one and supplies:                                     *)
(*                                                                         *)
(*   - its mark steps: the sequence of step names that record a dirty page *)
(*     (mark_page_dirty_in_slot), which take the place of "mark-dirty" in  *)
(*     the fault path's FaultOrder and which the host writer runs after    *)
(*     its write, and one action per mark step;                            *)
(*   - its variables (the bitmap, the ring, the harvester's state) with    *)
(*     their part of Init and TypeOK;                                      *)
(*   - its harvester: the ioctls and what userspace does with them;        *)
(*   - the actions of the machine's steps, each the machine's part below   *)
(*     conjoined with the family's part (at least: its variables are       *)
(*     unchanged), named after the step, and Next -- which includes the    *)
(*     slow path's first step tdp_mmu_map and the aging actor's            *)
(*     access_track, both disabled unless the variant asks for them;       *)
(*   - its harvester's critical sections, taken in the HarvestLock mode    *)
(*     (HarvestLockAvailable, HarvestLockAfter), and its flush step, which *)
(*     flushes when FlushWanted says so;                                   *)
(*   - when the migration is over, for NoLostWrite.                        *)
(*                                                                         *)
(* specs/README.md, "Adding a protocol family's module", lists exactly     *)
(* what a family module defines and which operators of this module it      *)
(* uses.                                                                   *)
(*                                                                         *)
(* The machine, the steps and their names are those of the dirtyproof      *)
(* design (DESIGN.md section 2) and of the Java reference implementation   *)
(* (DEVELOPERS.md, "The semantics, step by step"): every action of a       *)
(* family is one atomic step of the Java implementation and records        *)
(* itself in lastStep with the step's name in the shared vocabulary        *)
(* (guest-write, make-writable, send, ...), so that a counterexample found *)
(* by TLC can be replayed, step for step, by the Java code.                *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

(***************************************************************************)
(* The bounds of the model: pages of the memslot, grouped into words of    *)
(* PagesPerWord pages (BITS_PER_LONG in the kernel's bitmaps, the batch of *)
(* a write-protect); vCPUs; writes each vCPU (and the host, when it        *)
(* writes) may do; live rounds of the migration before the final round.    *)
(***************************************************************************)
CONSTANTS NPages, PagesPerWord, NVcpus, NWrites, NRounds

(***************************************************************************)
(* The vCPUs themselves, NVcpus of them.  A family whose vCPUs are        *)
(* interchangeable -- no step treats one vCPU otherwise than another --    *)
(* gets a set of model values (vcpu0, vcpu1, ...), which its model may     *)
(* declare a symmetry set: TLC then counts the states that differ only by *)
(* a renaming of the vCPUs once.  A family that tells vCPUs apart (the     *)
(* ring, whose host writes go to vCPU 0's ring) gets 0..NVcpus-1.  Either  *)
(* way nothing below depends on what a vCPU is, only on which one it is.   *)
(***************************************************************************)
CONSTANT Vcpus

(***************************************************************************)
(* The keys every family shares.  SetOp is "atomic" (set_bit) or          *)
(* "non-atomic" (__set_bit), for the families that mark a bit; FaultPath   *)
(* is "fast" (lockless cmpxchg of the SPTE), "locked" (under mmu_lock) or  *)
(* "mixed" (each fault takes the fast path or the slow path of the TDP     *)
(* MMU, as it pleases); FaultOrder orders "make-writable" and              *)
(* "mark-dirty", where "mark-dirty" stands for the family's mark steps;    *)
(* Flush is "sync" (IPI and wait) or "async" (a request served by each     *)
(* vCPU at its next exit); HostWrites says whether the host writes guest   *)
(* memory (kvm_write_guest).                                               *)
(***************************************************************************)
CONSTANTS SetOp, FaultPath, FaultOrder, Flush, HostWrites

(***************************************************************************)
(* The keys of mmu_lock, the SPTE update and the flush, shared too.        *)
(* FaultLock is the mode in which the locked path, and the slow path of    *)
(* the mixed one, hold mmu_lock: "exclusive", "shared" (read_lock, as the  *)
(* TDP MMU's faults do since 2021), or "none" (the path takes no lock at   *)
(* all: what a lock audit asks about).  HarvestLock is the mode in which a *)
(* harvest's critical sections hold it.  MmuLockKind ("spinlock",          *)
(* "mutex", "rwlock") changes no interleaving -- a sleeping lock excludes  *)
(* what a spinning one does -- but only an rwlock has a shared mode.       *)
(* SpteUpdate says whether an SPTE update made under a shared mmu_lock is  *)
(* a compare-and-exchange ("atomic") or a load and a later store           *)
(* ("plain").  FlushWhen says when a harvest's flush step really flushes:  *)
(* "always", "bits-consumed" (it took a dirty bit from the bitmap) or      *)
(* "spte-changed" (it cleared some SPTE's W bit).  Aging adds the access-  *)
(* tracking actor (mark_spte_for_access_track), which clears W without a   *)
(* flush and without marking.  Every key's default is the machine as it    *)
(* was before these keys: one exclusive lock, always flush, no aging.      *)
(***************************************************************************)
CONSTANTS FaultLock, HarvestLock, MmuLockKind, SpteUpdate, FlushWhen, Aging

ASSUME /\ NPages \in Nat \ {0}
       /\ PagesPerWord \in Nat \ {0}
       /\ NVcpus \in Nat \ {0}
       /\ IsFiniteSet(Vcpus) /\ Cardinality(Vcpus) = NVcpus
       /\ NWrites \in Nat
       /\ NRounds \in Nat
       /\ SetOp \in {"atomic", "non-atomic"}
       /\ FaultPath \in {"fast", "locked", "mixed"}
       /\ FaultOrder \in {<<"make-writable", "mark-dirty">>,
                          <<"mark-dirty", "make-writable">>}
       /\ Flush \in {"sync", "async"}
       /\ HostWrites \in BOOLEAN
       /\ FaultLock \in {"exclusive", "shared", "none"}
       /\ HarvestLock \in {"exclusive", "shared"}
       /\ MmuLockKind \in {"spinlock", "mutex", "rwlock"}
       /\ ("shared" \in {FaultLock, HarvestLock}) => MmuLockKind = "rwlock"
       /\ SpteUpdate \in {"atomic", "plain"}
       /\ FlushWhen \in {"always", "bits-consumed", "spte-changed"}
       /\ Aging \in BOOLEAN

(***************************************************************************)
(* Pages and words are numbered from 0, as in the kernel and in the Java   *)
(* implementation.  Page p lives in word p \div PagesPerWord.              *)
(***************************************************************************)
Pages == 0..(NPages - 1)
NWords == (NPages + PagesPerWord - 1) \div PagesPerWord
Words == 0..(NWords - 1)
WordOf(p) == p \div PagesPerWord
PagesOf(w) == {p \in Pages : WordOf(p) = w}

(***************************************************************************)
(* "No page", "no one holds mmu_lock" and "the harvester holds it"; a vCPU *)
(* holds it as itself.  The values are the Java ones (where Java numbers   *)
(* a vCPU, vcpu0 is its 0).                                                *)
(***************************************************************************)
None == -1
FREE == -1
HARVESTER == 1000

(***************************************************************************)
(* mmu_lock is free, held exclusively by one holder, or held shared by a   *)
(* set of holders (an rwlock's readers).  It is one number, so that a      *)
(* family that only ever takes it exclusively compares it with FREE and    *)
(* sets it to HARVESTER as before: an exclusive holder is its own number   *)
(* (a vCPU's, or HARVESTER); a set S of shared holders is FREE minus the   *)
(* sum of their bits, each holder having a bit of its own (the vCPUs bits  *)
(* 0 to NVcpus - 1, the harvester bit NVcpus).  FREE is then "shared by no *)
(* one", and taking or dropping a shared hold subtracts or adds one bit.   *)
(* A vCPU's bit is its number: a model whose mmu_lock may be shared        *)
(* numbers its vCPUs 0..NVcpus-1 (and so cannot make them a symmetry set,  *)
(* whose renamings would not rename the bits), which the ASSUME below      *)
(* demands.                                                                *)
(***************************************************************************)
ASSUME ("shared" \in {FaultLock, HarvestLock}) => Vcpus = 0..(NVcpus - 1)

Holders == Vcpus \cup {HARVESTER}
HolderBit(h) == IF h = HARVESTER THEN 2^NVcpus ELSE 2^h
SharedValues == {FREE - k : k \in 1..(2 * 2^NVcpus - 1)}

(***************************************************************************)
(* The holders of a shared mmu_lock (empty when it is free or held         *)
(* exclusively).                                                           *)
(***************************************************************************)
MmuReaders(lock) ==
  IF lock < FREE
    THEN {h \in Holders : ((FREE - lock) \div HolderBit(h)) % 2 = 1}
    ELSE {}

(***************************************************************************)
(* Whether mmu_lock can be taken now in mode ("exclusive", "shared" or     *)
(* "none"): exclusively when no one holds it, shared when no one holds it  *)
(* exclusively, and in mode "none" always (nothing is taken).              *)
(***************************************************************************)
MmuLockAvailable(lock, mode) ==
  CASE mode = "exclusive" -> lock = FREE
    [] mode = "shared"    -> lock <= FREE
    [] OTHER              -> TRUE

(***************************************************************************)
(* mmu_lock after a step of holder h in mode that takes the lock (acquire) *)
(* and/or drops it (release); a step that does both holds it for its own   *)
(* length only.                                                            *)
(***************************************************************************)
MmuLockAfter(lock, h, mode, acquire, release) ==
  CASE mode = "exclusive" -> IF release THEN FREE ELSE IF acquire THEN h ELSE lock
    [] mode = "shared"    -> lock - (IF acquire THEN HolderBit(h) ELSE 0)
                                  + (IF release THEN HolderBit(h) ELSE 0)
    [] OTHER              -> lock

(***************************************************************************)
(* The smallest element of a non-empty set of numbers.                     *)
(***************************************************************************)
Min(S) == CHOOSE x \in S : \A y \in S : x <= y

(***************************************************************************)
(* The concatenation of a sequence of sequences.                           *)
(***************************************************************************)
RECURSIVE Flatten(_)
Flatten(ss) == IF Len(ss) = 0 THEN << >> ELSE Head(ss) \o Flatten(Tail(ss))

(***************************************************************************)
(* The steps of the write-fault path of a family whose mark_page_dirty is  *)
(* the sequence of steps marks: FaultOrder with "mark-dirty" replaced by   *)
(* marks.  A family defines FaultProgram == FaultProgramOf(MarkSteps) once *)
(* and hands it to the operators below that take a program.               *)
(***************************************************************************)
FaultProgramOf(marks) ==
  Flatten([i \in 1..Len(FaultOrder) |->
             IF FaultOrder[i] = "mark-dirty" THEN marks ELSE <<FaultOrder[i]>>])

(***************************************************************************)
(* The fault path makes the page writable exactly once, whatever the mark  *)
(* steps are (they never include make-writable).                           *)
(***************************************************************************)
THEOREM \A marks \in Seq(STRING \ {"make-writable"}) :
          Len(FaultProgramOf(marks)) = Len(marks) + 1

(***************************************************************************)
(* The slow path of the mixed fault path (the TDP MMU's kvm_tdp_mmu_map),  *)
(* for a family whose fast path is program: first tdp-mmu-map takes       *)
(* mmu_lock in the FaultLock mode and walks to the SPTE, reading it; then  *)
(* make_spte marks the page -- the family's mark steps, the steps of       *)
(* program but make-writable -- because the SPTE it builds is writable;    *)
(* last, make-writable installs that SPTE (tdp_mmu_set_spte_atomic) and    *)
(* drops the lock.  The slow path marks first, whatever FaultOrder says.   *)
(***************************************************************************)
MarksOf(program) == SelectSeq(program, LAMBDA s : s # "make-writable")
SlowProgramOf(program) == <<"tdp-mmu-map">> \o MarksOf(program) \o <<"make-writable">>

(***************************************************************************)
(* The names of the actors, as traces and reports spell them: vcpu0 for    *)
(* the model value vcpu0 and for the number 0 alike.                       *)
(***************************************************************************)
VcpuName(v) == IF v \in Int THEN "vcpu" \o ToString(v) ELSE ToString(v)
AGING == "aging"

-----------------------------------------------------------------------------
(***************************************************************************)
(* The machine (DESIGN.md section 2).                                      *)
(*                                                                         *)
(*   mem[p]      guest RAM: the page's content, as a version bumped by     *)
(*               every write;                                              *)
(*   dest[p]     what the migration destination holds for p;               *)
(*   W[p]        the SPTE's writable bit (PT_WRITABLE_MASK);               *)
(*   MW[p]       MMU-writable (shadow_mmu_writable_mask): the fast fault   *)
(*               path may set W without mmu_lock.  Dirty logging never     *)
(*               clears it;                                                *)
(*   tlb[v]      the pages for which vCPU v caches a writable translation; *)
(*   mmu_lock    kvm->mmu_lock: FREE, an exclusive holder (a vCPU or      *)
(*               HARVESTER), or a set of shared holders (see HolderBit;    *)
(*               the vCPUs are then numbered);                             *)
(*   flushReq[v] a KVM_REQ_TLB_FLUSH pending for vCPU v (async flush);     *)
(*   paused      the VM is stopped for the final round.                    *)
(***************************************************************************)
VARIABLES mem, dest, W, MW, tlb, mmu_lock, flushReq, paused

(***************************************************************************)
(* Each vCPU: writesLeft[v] guest writes it may still do; fault[v] the     *)
(* page whose write fault it is handling (None when it runs the guest);    *)
(* faultPc[v] the index in the family's FaultProgram of its next fault     *)
(* step; retry[v] the page whose faulting write the guest retries after    *)
(* the fault, or None; slowSpte[v] is "none" unless v is on the slow path  *)
(* of the mixed fault path, where it is what the walk read of the SPTE:    *)
(* "read-only" or "writable".  What a mark step holds between two steps    *)
(* (the word __set_bit loaded, the memslot a lookup found) is the          *)
(* family's: its own variables.                                            *)
(***************************************************************************)
VARIABLES writesLeft, fault, faultPc, retry, slowSpte

(***************************************************************************)
(* The host writer (kvm_write_guest): hostLeft writes left; hostPage the   *)
(* page it wrote and has yet to mark (None when idle); hostPc its next     *)
(* step in the family's HostProgram (its mark steps).                      *)
(***************************************************************************)
VARIABLES hostLeft, hostPage, hostPc

(***************************************************************************)
(* The step that led to this state: [actor, step, arg] in the vocabulary.  *)
(* It is history, not state: a family's VIEW leaves it out, so that it     *)
(* does not multiply the states TLC counts.                                *)
(***************************************************************************)
VARIABLE lastStep

machineVars == <<mem, dest, W, MW, tlb, mmu_lock, flushReq, paused>>
vcpuVars == <<writesLeft, fault, faultPc, retry, slowSpte>>
hostVars == <<hostLeft, hostPage, hostPc>>

(***************************************************************************)
(* The machine's whole state, lastStep excepted: a family's view is this   *)
(* and the family's variables.                                             *)
(***************************************************************************)
machineState == <<machineVars, vcpuVars, hostVars>>

(***************************************************************************)
(* Records the step just taken.                                            *)
(***************************************************************************)
Did(actor, step, arg) == lastStep' = [actor |-> actor, step |-> step, arg |-> arg]

-----------------------------------------------------------------------------
(***************************************************************************)
(* The machine's part of the type invariant, for a family whose vCPUs run  *)
(* faultProgram and whose host writer runs hostProgram.  A step's argument *)
(* is a number (a page, a word, None); a family may say which.  A page's   *)
(* version counts the writes of every vCPU and of the host, and one more:  *)
(* the ring families' device save, a write with no running vCPU after the  *)
(* pause.                                                                  *)
(***************************************************************************)
MaxVersion == NWrites * (NVcpus + 1) + 1

MachineTypeOK(faultProgram, hostProgram) ==
  /\ mem \in [Pages -> 0..MaxVersion]
  /\ dest \in [Pages -> 0..MaxVersion]
  /\ W \in [Pages -> BOOLEAN]
  /\ MW \in [Pages -> BOOLEAN]
  /\ tlb \in [Vcpus -> SUBSET Pages]
  /\ mmu_lock \in {FREE, HARVESTER} \cup Vcpus \cup SharedValues
  /\ flushReq \in [Vcpus -> BOOLEAN]
  /\ paused \in BOOLEAN
  /\ writesLeft \in [Vcpus -> 0..NWrites]
  /\ fault \in [Vcpus -> Pages \cup {None}]
  /\ faultPc \in [Vcpus -> 1..Len(SlowProgramOf(faultProgram))]
  /\ retry \in [Vcpus -> Pages \cup {None}]
  /\ slowSpte \in [Vcpus -> {"none", "read-only", "writable"}]
  /\ hostLeft \in 0..NWrites
  /\ hostPage \in Pages \cup {None}
  /\ hostPc \in 1..Len(hostProgram)
  /\ lastStep \in [actor : STRING, step : STRING, arg : Int]

(***************************************************************************)
(* The machine right after dirty logging was enabled: the destination      *)
(* holds guest memory, every page is MMU-writable and writable exactly     *)
(* when writable is TRUE (KVM_DIRTY_LOG_INITIALLY_SET skips the            *)
(* write-protection of the whole slot at enable), the TLBs hold no         *)
(* writable translation, no one holds mmu_lock, every vCPU runs the guest  *)
(* with all its writes to do, the host is idle.                            *)
(***************************************************************************)
MachineInitWritable(writable) ==
  /\ mem = [p \in Pages |-> 0]
  /\ dest = [p \in Pages |-> 0]
  /\ W = [p \in Pages |-> writable]
  /\ MW = [p \in Pages |-> TRUE]
  /\ tlb = [v \in Vcpus |-> {}]
  /\ mmu_lock = FREE
  /\ flushReq = [v \in Vcpus |-> FALSE]
  /\ paused = FALSE
  /\ writesLeft = [v \in Vcpus |-> NWrites]
  /\ fault = [v \in Vcpus |-> None]
  /\ faultPc = [v \in Vcpus |-> 1]
  /\ retry = [v \in Vcpus |-> None]
  /\ slowSpte = [v \in Vcpus |-> "none"]
  /\ hostLeft = IF HostWrites THEN NWrites ELSE 0
  /\ hostPage = None
  /\ hostPc = 1
  /\ lastStep = [actor |-> "init", step |-> "init", arg |-> None]

(***************************************************************************)
(* The usual start: every page write-protected.                            *)
(***************************************************************************)
MachineInit == MachineInitWritable(FALSE)

-----------------------------------------------------------------------------
(***************************************************************************)
(* The machine's part of the steps.  Each operator below describes what a  *)
(* step does to the machine's variables, and leaves every other machine    *)
(* variable unchanged; it says nothing of the family's variables.  A       *)
(* family's action for the step is the operator conjoined with the         *)
(* family's part, and is named after the step (guest-write is guest_write, *)
(* the host's mark-dirty is host_mark_dirty): TLC names an action after    *)
(* the operator whose body it is, and the TLC back-end checks that name    *)
(* against the step lastStep records.  The operators are built from        *)
(* operators named after the kernel functions they model.                  *)
(***************************************************************************)

(***************************************************************************)
(*                            The vCPUs                                    *)
(*                                                                         *)
(* A guest store by vCPU v to page p (step guest-write).  If the TLB holds *)
(* a writable translation, the store just lands.  Otherwise the hardware   *)
(* walks the SPTE, without any lock: if W[p] is set it caches the          *)
(* translation and the store lands.  Otherwise the store raises an EPT     *)
(* violation and v enters the write-fault path for p (kvm_mmu_page_fault); *)
(* when the fault path is done, the guest retries the same store.  Nothing *)
(* is logged here: a store that does not fault is invisible to KVM.        *)
(***************************************************************************)
GuestWrite(v, p) ==
  /\ ~paused
  /\ fault[v] = None
  /\ writesLeft[v] > 0
  /\ retry[v] \in {None, p}
  /\ IF p \in tlb[v] \/ W[p]
       THEN /\ tlb' = [tlb EXCEPT ![v] = @ \cup {p}]
            /\ mem' = [mem EXCEPT ![p] = @ + 1]
            /\ writesLeft' = [writesLeft EXCEPT ![v] = @ - 1]
            /\ retry' = [retry EXCEPT ![v] = None]
            /\ UNCHANGED fault
       ELSE /\ fault' = [fault EXCEPT ![v] = p]
            /\ UNCHANGED <<tlb, mem, writesLeft, retry>>
  /\ Did(VcpuName(v), "guest-write", p)
  /\ UNCHANGED <<dest, W, MW, mmu_lock, flushReq, paused, faultPc, slowSpte>>
  /\ UNCHANGED hostVars

(***************************************************************************)
(* A speculative page walk (step tlb-fill): the hardware may cache the     *)
(* writable translation of any page whose SPTE is writable, at any moment, *)
(* without writing.                                                        *)
(***************************************************************************)
TlbFill(v, p) ==
  /\ ~paused
  /\ fault[v] = None
  /\ W[p]
  /\ p \notin tlb[v]
  /\ tlb' = [tlb EXCEPT ![v] = @ \cup {p}]
  /\ Did(VcpuName(v), "tlb-fill", p)
  /\ UNCHANGED <<mem, dest, W, MW, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

(***************************************************************************)
(* kvm_service_local_tlb_flush_requests: at an exit, the vCPU serves a     *)
(* pending KVM_REQ_TLB_FLUSH (an asynchronous flush) by emptying its TLB   *)
(* (step apply-flush).                                                     *)
(***************************************************************************)
kvm_service_local_tlb_flush_requests(v) ==
  /\ tlb' = [tlb EXCEPT ![v] = {}]
  /\ flushReq' = [flushReq EXCEPT ![v] = FALSE]

ApplyFlush(v) ==
  /\ fault[v] = None
  /\ flushReq[v]
  /\ kvm_service_local_tlb_flush_requests(v)
  /\ Did(VcpuName(v), "apply-flush", None)
  /\ UNCHANGED <<mem, dest, W, MW, mmu_lock, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

(***************************************************************************)
(* The kernel functions that make page p's SPTE writable in the fault      *)
(* path.                                                                   *)
(*                                                                         *)
(* fast_pf_fix_direct_spte: try_cmpxchg64 of the SPTE from read-only to    *)
(* writable, without mmu_lock, allowed because the SPTE is MMU-writable.   *)
(* If W is already set, another vCPU fixed the SPTE first: the cmpxchg     *)
(* fails and the fault is spurious -- it ends without marking the page.    *)
(***************************************************************************)
fast_pf_fix_direct_spte(p) ==
  /\ MW[p]
  /\ W' = [W EXCEPT ![p] = TRUE]

(***************************************************************************)
(* mmu_set_spte: under mmu_lock, the fault path installs a writable SPTE.  *)
(***************************************************************************)
mmu_set_spte(p) ==
  W' = [W EXCEPT ![p] = TRUE]

(***************************************************************************)
(* tdp_mmu_set_spte_atomic, the slow path's install, by vCPU v holding     *)
(* mmu_lock (usually shared): it writes the writable SPTE that make_spte   *)
(* built from what the walk read.  If the walk read a writable SPTE,       *)
(* make_spte built the same one and nothing is written (RET_PF_SPURIOUS),  *)
(* even if W has been cleared since.  Otherwise an atomic update is a      *)
(* cmpxchg against what the walk read: it fails if W was set in between    *)
(* (another vCPU's fast path; the fault returns RET_PF_RETRY), and W is    *)
(* set either way; a plain update stores the new SPTE whatever happened    *)
(* in between.  With only W modelled the two agree: what a plain store can *)
(* overwrite here is a W that some other step already set.  (The kernel's *)
(* lost updates of this kind lose hardware-set Accessed and Dirty bits,    *)
(* which this machine does not have.)                                      *)
(***************************************************************************)
tdp_mmu_set_spte_atomic(v, p) ==
  W' = CASE slowSpte[v] = "writable"         -> W
         [] SpteUpdate = "atomic" /\ W[p]     -> W
         [] OTHER                             -> [W EXCEPT ![p] = TRUE]

(***************************************************************************)
(* The program vCPU v runs in its fault path: the family's program, or --  *)
(* once v took the slow path of the mixed fault path -- the slow path's.   *)
(* Whether that path holds mmu_lock: the locked path and the slow path     *)
(* do, in the FaultLock mode; the fast path never does.                    *)
(***************************************************************************)
PathProgram(program, v) == IF slowSpte[v] = "none" THEN program ELSE SlowProgramOf(program)
PathLocked(v) == FaultPath = "locked" \/ slowSpte[v] # "none"

(***************************************************************************)
(* Vcpu v, running program (the family's FaultProgram), is in its fault    *)
(* path at step s.                                                         *)
(***************************************************************************)
FaultAt(program, v, s) == fault[v] # None /\ PathProgram(program, v)[faultPc[v]] = s

(***************************************************************************)
(* What every step of the fault path of vCPU v does besides its effect: on *)
(* the locked path the first step waits for mmu_lock and takes it in the   *)
(* FaultLock mode, and on the locked and the slow path the last step drops *)
(* it; after the last step -- or after a fast make-writable that found W   *)
(* already set -- the fault is over and the guest retries its store.  W is *)
(* the step's effect, and so is not said here.  A family that keeps        *)
(* something for the length of a fault (a register) forgets it when the    *)
(* step ends the fault, which its part of the step sees as                 *)
(* fault'[v] = None.                                                       *)
(***************************************************************************)
FaultStepDone(program, v) ==
  LET prog     == PathProgram(program, v)
      p        == fault[v]
      s        == prog[faultPc[v]]
      locked   == PathLocked(v)
      first    == faultPc[v] = 1 /\ FaultPath = "locked"
      spurious == s = "make-writable" /\ ~locked /\ W[p]
      last     == spurious \/ faultPc[v] = Len(prog)
  IN
  /\ first => MmuLockAvailable(mmu_lock, FaultLock)
  /\ mmu_lock' = IF locked THEN MmuLockAfter(mmu_lock, v, FaultLock, first, last) ELSE mmu_lock
  /\ IF last
       THEN /\ fault' = [fault EXCEPT ![v] = None]
            /\ faultPc' = [faultPc EXCEPT ![v] = 1]
            /\ retry' = [retry EXCEPT ![v] = p]
            /\ slowSpte' = [slowSpte EXCEPT ![v] = "none"]
       ELSE /\ faultPc' = [faultPc EXCEPT ![v] = @ + 1]
            /\ UNCHANGED <<fault, retry, slowSpte>>
  /\ Did(VcpuName(v), s, p)
  /\ UNCHANGED <<mem, dest, MW, tlb, flushReq, paused, writesLeft>>
  /\ UNCHANGED hostVars

(***************************************************************************)
(* The choice of the mixed fault path (step tdp-mmu-map).  A vCPU at the   *)
(* start of its fault path may take the fast path's first step, or this    *)
(* one: kvm_tdp_mmu_page_fault takes mmu_lock in the FaultLock mode (it    *)
(* waits while the lock is held in a mode that excludes it), and           *)
(* kvm_tdp_mmu_map walks to the SPTE and reads it.  The mark steps and     *)
(* make-writable of the slow path follow (SlowProgramOf).                  *)
(***************************************************************************)
TdpMmuMap(v) ==
  /\ FaultPath = "mixed"
  /\ fault[v] # None
  /\ faultPc[v] = 1
  /\ slowSpte[v] = "none"
  /\ MmuLockAvailable(mmu_lock, FaultLock)
  /\ mmu_lock' = MmuLockAfter(mmu_lock, v, FaultLock, TRUE, FALSE)
  /\ slowSpte' = [slowSpte EXCEPT ![v] = IF W[fault[v]] THEN "writable" ELSE "read-only"]
  /\ faultPc' = [faultPc EXCEPT ![v] = 2]
  /\ Did(VcpuName(v), "tdp-mmu-map", fault[v])
  /\ UNCHANGED <<mem, dest, W, MW, tlb, flushReq, paused>>
  /\ UNCHANGED <<writesLeft, fault, retry>>
  /\ UNCHANGED hostVars

(***************************************************************************)
(* Step make-writable of the fault path: the lockless cmpxchg on the fast  *)
(* path, under mmu_lock on the locked one, the install of the slow path.   *)
(***************************************************************************)
MakeWritable(program, v) ==
  /\ FaultAt(program, v, "make-writable")
  /\ CASE slowSpte[v] # "none"  -> tdp_mmu_set_spte_atomic(v, fault[v])
       [] FaultPath = "locked"  -> mmu_set_spte(fault[v])
       [] OTHER                 -> fast_pf_fix_direct_spte(fault[v])
  /\ FaultStepDone(program, v)

(***************************************************************************)
(* The machine's part of a mark step of vCPU v: the fault path advances    *)
(* and no SPTE changes.  The family's part is the mark's effect.           *)
(***************************************************************************)
FaultMarkStep(program, v, s) ==
  /\ FaultAt(program, v, s)
  /\ UNCHANGED W
  /\ FaultStepDone(program, v)

-----------------------------------------------------------------------------
(***************************************************************************)
(*                        The aging actor                                  *)
(*                                                                         *)
(* With Aging, the primary MMU's page aging (the clear_young MMU notifier: *)
(* kvm_age_gfn) runs when it pleases.  Without hardware Accessed bits it   *)
(* marks an SPTE for access tracking (mark_spte_for_access_track), which   *)
(* clears W (step access-track): without a TLB flush -- a vCPU may keep a  *)
(* writable translation -- and without marking the page.  The SPTE stays   *)
(* MMU-writable, so the next write fault takes the fast path, which        *)
(* restores W and marks the page.  The notifier holds mmu_lock             *)
(* exclusively for the step (as KVM_MMU_LOCK did in 2022); it ages pages   *)
(* whose SPTE is writable (an access-tracked SPTE is not young), and only  *)
(* while the guest runs.                                                   *)
(***************************************************************************)
AccessTrack(p) ==
  /\ Aging
  /\ ~paused
  /\ W[p]
  /\ mmu_lock = FREE
  /\ W' = [W EXCEPT ![p] = FALSE]
  /\ Did(AGING, "access-track", p)
  /\ UNCHANGED <<mem, dest, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                          The host writer                                *)
(*                                                                         *)
(* kvm_write_guest (step host-write): the host (device emulation, a PV     *)
(* clock) writes guest memory directly, then marks the page with the       *)
(* family's mark steps, as steps of its own, without mmu_lock and without  *)
(* touching SPTEs or TLBs.                                                 *)
(***************************************************************************)
HostWrite(p) ==
  /\ ~paused
  /\ hostPage = None
  /\ hostLeft > 0
  /\ mem' = [mem EXCEPT ![p] = @ + 1]
  /\ hostPage' = p
  /\ Did("host", "host-write", p)
  /\ UNCHANGED <<dest, W, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<hostLeft, hostPc, vcpuVars>>

(***************************************************************************)
(* The host, running program (the family's HostProgram), is at step s of   *)
(* the mark after its write.                                               *)
(***************************************************************************)
HostAt(program, s) == hostPage # None /\ program[hostPc] = s

(***************************************************************************)
(* What every step of the host's mark does besides its effect: after the   *)
(* last one the host is idle again (a family's part of the step sees       *)
(* hostPage' = None) and has one write less to do.  No SPTE changes.       *)
(***************************************************************************)
HostStepDone(program) ==
  LET s == program[hostPc] IN
  /\ IF hostPc = Len(program)
       THEN /\ hostLeft' = hostLeft - 1
            /\ hostPage' = None
            /\ hostPc' = 1
       ELSE /\ hostPc' = hostPc + 1
            /\ UNCHANGED <<hostLeft, hostPage>>
  /\ Did("host", s, hostPage)
  /\ UNCHANGED <<mem, dest, W, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED vcpuVars

HostMarkStep(program, s) ==
  /\ HostAt(program, s)
  /\ HostStepDone(program)

-----------------------------------------------------------------------------
(***************************************************************************)
(*            What the harvesters of every family call                     *)
(*                                                                         *)
(* kvm_arch_mmu_enable_log_dirty_pt_masked: clear W in the SPTEs of the    *)
(* pages in mask (KVM_GET_DIRTY_LOG, KVM_CLEAR_DIRTY_LOG and               *)
(* kvm_dirty_ring_reset all end here).  The TLBs are not touched: a vCPU   *)
(* may still hold a writable translation until the flush.                  *)
(***************************************************************************)
kvm_arch_mmu_enable_log_dirty_pt_masked(mask) ==
  W' = [p \in Pages |-> IF p \in mask THEN FALSE ELSE W[p]]

(***************************************************************************)
(* kvm_flush_remote_tlbs.  sync: an IPI to every vCPU, waited for; when it *)
(* returns no TLB holds a stale entry (a guest store is atomic with        *)
(* respect to it).  async: only a KVM_REQ_TLB_FLUSH request per vCPU,      *)
(* served at the vCPU's next exit -- maybe after the ioctl returned.       *)
(***************************************************************************)
kvm_flush_remote_tlbs ==
  IF Flush = "sync"
    THEN tlb' = [v \in Vcpus |-> {}] /\ UNCHANGED flushReq
    ELSE flushReq' = [v \in Vcpus |-> TRUE] /\ UNCHANGED tlb

(***************************************************************************)
(* A harvest's flush step flushes if FlushWhen says it must: always; if    *)
(* the harvest took a dirty bit (consumed: kvm_get_dirty_log_protect sets  *)
(* flush when it finds a non-zero word); or if it cleared some SPTE's W    *)
(* (changed: the condition under which enabling dirty logging flushed      *)
(* before commit b64d740ea7dd).  Otherwise nothing is flushed.             *)
(***************************************************************************)
FlushWanted(consumed, changed) ==
  CASE FlushWhen = "always"        -> TRUE
    [] FlushWhen = "bits-consumed" -> consumed
    [] OTHER                       -> changed

kvm_flush_remote_tlbs_if(wanted) ==
  IF wanted THEN kvm_flush_remote_tlbs ELSE UNCHANGED <<tlb, flushReq>>

(***************************************************************************)
(* A harvester's critical sections hold mmu_lock in the HarvestLock mode.  *)
(* HarvestLockAvailable: a step that opens a section may run (the lock is  *)
(* free, or held shared when the harvest takes it shared);                 *)
(* HarvestLockAfter(acquire, release): mmu_lock after a step of the        *)
(* harvester that opens and/or closes a section.  With HarvestLock =       *)
(* "exclusive" these are mmu_lock = FREE and FREE / HARVESTER, as a family *)
(* that takes the lock by hand writes them.                                *)
(***************************************************************************)
HarvestLockAvailable == MmuLockAvailable(mmu_lock, HarvestLock)
HarvestLockAfter(acquire, release) == MmuLockAfter(mmu_lock, HARVESTER, HarvestLock, acquire, release)

(***************************************************************************)
(* Userspace, as actor, sends page p to the destination (step send):       *)
(* dest[p] gets whatever mem[p] holds now.  Nothing else of the machine    *)
(* changes; which page is sent, and what comes next, is the family's.      *)
(***************************************************************************)
SendPage(actor, p) ==
  /\ dest' = [dest EXCEPT ![p] = mem[p]]
  /\ Did(actor, "send", p)
  /\ UNCHANGED <<mem, W, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

(***************************************************************************)
(* The machine's part of stopping the VM for the final round (step         *)
(* pause-vcpus, vm_stop), done by actor: it waits until no vCPU is inside  *)
(* its fault path and the host is not between a write and its mark, kicks *)
(* every vCPU out of the guest -- each serves a pending flush request on   *)
(* its way out -- and stops host writes.                                   *)
(***************************************************************************)
PauseVcpus(actor) ==
  /\ \A v \in Vcpus : fault[v] = None
  /\ hostPage = None
  /\ paused' = TRUE
  /\ tlb' = [v \in Vcpus |-> IF flushReq[v] THEN {} ELSE tlb[v]]
  /\ flushReq' = [v \in Vcpus |-> FALSE]
  /\ Did(actor, "pause-vcpus", None)
  /\ UNCHANGED <<mem, dest, W, MW, mmu_lock>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(*                            Properties                                   *)
(*                                                                         *)
(* NoLostWrite, given the condition done that the migration is over (the   *)
(* family's: its final round has sent its last page): the destination     *)
(* then holds every page as guest memory holds it.  This one property      *)
(* decides a variant's verdict; reporting a clean page as dirty is         *)
(* allowed.  A family defines NoLostWrite == NoLostWriteOnce(<its done>).  *)
(***************************************************************************)
NoLostWriteOnce(done) == done => \A p \in Pages : dest[p] = mem[p]

(***************************************************************************)
(* A write to p is in flight when a vCPU is in its fault path for p or the *)
(* host wrote p and has not yet marked it.                                 *)
(***************************************************************************)
InFlight(p) == (\E v \in Vcpus : fault[v] = p) \/ hostPage = p

=============================================================================
\* This module has no behaviour of its own: TLC checks it through the families
\* that extend it.  DirtyLog (get-log) is the only one so far; its counts, at the
\* end of DirtyLog.tla and in specs/manifest.tsv, are the same as before the
\* machine was split out of it (every row: verdict, distinct states, depth and
\* trace length).  The lock modes, the mixed fault path, SpteUpdate, FlushWhen and the
\* aging actor, at the defaults TlaModel.machineConstants gives them, change none
\* of those rows either (TlcCatalogTest checks every one).
