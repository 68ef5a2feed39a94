------------------------------- MODULE DirtyLog -------------------------------
(***************************************************************************)
(* Dirty page tracking in KVM, and the question it exists to answer: can a *)
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
(* The machine, the steps and their names are those of the dirtyproof      *)
(* design (DESIGN.md section 2) and of the Java reference implementation   *)
(* (DEVELOPERS.md, "The semantics, step by step"): every action below is   *)
(* one atomic step of the Java implementation, and records itself in       *)
(* lastStep with the step's name in the shared vocabulary (guest-write,    *)
(* make-writable, snapshot-clear, ...), so that a counterexample found by  *)
(* TLC can be replayed, step for step, by the Java code.                   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

(***************************************************************************)
(* The bounds of the model: pages of the memslot, grouped into bitmap      *)
(* words of PagesPerWord pages (BITS_PER_LONG in the kernel); vCPUs;       *)
(* writes each vCPU (and the host, when it writes) may do; live rounds of  *)
(* the migration before the final round.                                   *)
(***************************************************************************)
CONSTANTS NPages, PagesPerWord, NVcpus, NWrites, NRounds

(***************************************************************************)
(* The variant.  Harvest is the sequence of kernel steps of one            *)
(* KVM_GET_DIRTY_LOG, a sub-sequence of <<"snapshot-clear",                *)
(* "write-protect", "flush-tlb", "copy-to-user">> in any order; MmuLock is *)
(* the set of those done under mmu_lock (neighbours in Harvest share one   *)
(* critical section); ClearOp is "xchg" or "load-store"; SetOp is "atomic" *)
(* (set_bit) or "non-atomic" (__set_bit); FaultPath is "fast" (lockless    *)
(* cmpxchg of the SPTE) or "locked" (under mmu_lock); FaultOrder orders    *)
(* "make-writable" and "mark-dirty"; Flush is "sync" (IPI and wait) or     *)
(* "async" (a request served by each vCPU at its next exit); HostWrites    *)
(* says whether the host writes guest memory (kvm_write_guest).            *)
(***************************************************************************)
CONSTANTS Harvest, MmuLock, ClearOp, SetOp, FaultPath, FaultOrder, Flush,
          HostWrites

HarvestSteps == {"snapshot-clear", "write-protect", "flush-tlb", "copy-to-user"}

ASSUME /\ NPages \in Nat \ {0}
       /\ PagesPerWord \in Nat \ {0}
       /\ NVcpus \in Nat \ {0}
       /\ NWrites \in Nat
       /\ NRounds \in Nat
       /\ Harvest \in Seq(HarvestSteps)
       /\ \A i, j \in 1..Len(Harvest) : i # j => Harvest[i] # Harvest[j]
       /\ MmuLock \subseteq {Harvest[i] : i \in 1..Len(Harvest)}
       /\ ClearOp \in {"xchg", "load-store"}
       /\ SetOp \in {"atomic", "non-atomic"}
       /\ FaultPath \in {"fast", "locked"}
       /\ FaultOrder \in {<<"make-writable", "mark-dirty">>,
                          <<"mark-dirty", "make-writable">>}
       /\ Flush \in {"sync", "async"}
       /\ HostWrites \in BOOLEAN

(***************************************************************************)
(* Pages, vCPUs and bitmap words are numbered from 0, as in the kernel and *)
(* in the Java implementation.  Page p lives in word p \div PagesPerWord.  *)
(***************************************************************************)
Pages == 0..(NPages - 1)
Vcpus == 0..(NVcpus - 1)
NWords == (NPages + PagesPerWord - 1) \div PagesPerWord
Words == 0..(NWords - 1)
WordOf(p) == p \div PagesPerWord
PagesOf(w) == {p \in Pages : WordOf(p) = w}

(***************************************************************************)
(* "No page", "no one holds mmu_lock" and "the harvester holds it"; a vCPU *)
(* holds it under its own number.  The values are the Java ones.           *)
(***************************************************************************)
None == -1
FREE == -1
HARVESTER == 1000

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
(* The steps of the write-fault path, in the variant's order.  With        *)
(* __set_bit (SetOp = "non-atomic") mark_page_dirty is two steps: a load   *)
(* of the bitmap word into a register, and a store of the register with    *)
(* the page's bit set.                                                     *)
(***************************************************************************)
MarkSteps == IF SetOp = "atomic" THEN <<"mark-dirty">>
                                 ELSE <<"mark-dirty.load", "mark-dirty.store">>
FaultProgram ==
  Flatten([i \in 1..Len(FaultOrder) |->
             IF FaultOrder[i] = "mark-dirty" THEN MarkSteps ELSE <<FaultOrder[i]>>])

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

(***************************************************************************)
(* The names of the actors, as traces and reports spell them.              *)
(***************************************************************************)
VcpuName(v) == "vcpu" \o ToString(v)

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
(*   bitmap      memslot->dirty_bitmap, as the set of pages whose bit is   *)
(*               set;                                                      *)
(*   mmu_lock    kvm->mmu_lock: FREE, a vCPU's number or HARVESTER;        *)
(*   flushReq[v] a KVM_REQ_TLB_FLUSH pending for vCPU v (async flush);     *)
(*   paused      the VM is stopped for the final round.                    *)
(***************************************************************************)
VARIABLES mem, dest, W, MW, tlb, bitmap, mmu_lock, flushReq, paused

(***************************************************************************)
(* Each vCPU: writesLeft[v] guest writes it may still do; fault[v] the     *)
(* page whose write fault it is handling (None when it runs the guest);    *)
(* faultPc[v] the index in FaultProgram of its next fault step; reg[v]     *)
(* the bitmap word (as a set of pages) loaded by __set_bit; retry[v] the   *)
(* page whose faulting write the guest retries after the fault, or None.   *)
(***************************************************************************)
VARIABLES writesLeft, fault, faultPc, reg, retry

(***************************************************************************)
(* The host writer (kvm_write_guest): hostLeft writes left; hostPage the   *)
(* page it wrote and has yet to mark (None when idle); hostPc its next     *)
(* step in MarkSteps; hostReg its __set_bit register.                      *)
(***************************************************************************)
VARIABLES hostLeft, hostPage, hostPc, hostReg

(***************************************************************************)
(* The harvester, userspace's migration thread and the ioctl it calls:     *)
(* round (0-based; NRounds is the final round); hpc one of "harvest",      *)
(* "send", "pause", "done"; hidx the index in Program of its next harvest  *)
(* step; sendPage the next page to send; snap the second half of the       *)
(* bitmap (dirty_bitmap_buffer, the harvest's snapshot); taken whether a   *)
(* snapshot-clear step already ran in this harvest; log the bitmap as      *)
(* userspace received it.                                                  *)
(***************************************************************************)
VARIABLES round, hpc, hidx, sendPage, snap, taken, log

(***************************************************************************)
(* The step that led to this state: [actor, step, arg] in the vocabulary.  *)
(* It is history, not state: the VIEW below leaves it out, so it does not  *)
(* multiply the states TLC counts.                                         *)
(***************************************************************************)
VARIABLE lastStep

machineVars == <<mem, dest, W, MW, tlb, bitmap, mmu_lock, flushReq, paused>>
vcpuVars == <<writesLeft, fault, faultPc, reg, retry>>
hostVars == <<hostLeft, hostPage, hostPc, hostReg>>
harvesterVars == <<round, hpc, hidx, sendPage, snap, taken, log>>
vars == <<machineVars, vcpuVars, hostVars, harvesterVars, lastStep>>

(***************************************************************************)
(* What TLC compares to decide whether it has seen a state: everything but *)
(* lastStep.                                                               *)
(***************************************************************************)
view == <<machineVars, vcpuVars, hostVars, harvesterVars>>

(***************************************************************************)
(* Records the step just taken.                                            *)
(***************************************************************************)
Did(actor, step, arg) == lastStep' = [actor |-> actor, step |-> step, arg |-> arg]

-----------------------------------------------------------------------------
(***************************************************************************)
(* The type invariant.                                                     *)
(***************************************************************************)
MaxVersion == NWrites * (NVcpus + 1)

TypeOK ==
  /\ mem \in [Pages -> 0..MaxVersion]
  /\ dest \in [Pages -> 0..MaxVersion]
  /\ W \in [Pages -> BOOLEAN]
  /\ MW \in [Pages -> BOOLEAN]
  /\ tlb \in [Vcpus -> SUBSET Pages]
  /\ bitmap \subseteq Pages
  /\ mmu_lock \in {FREE, HARVESTER} \cup Vcpus
  /\ flushReq \in [Vcpus -> BOOLEAN]
  /\ paused \in BOOLEAN
  /\ writesLeft \in [Vcpus -> 0..NWrites]
  /\ fault \in [Vcpus -> Pages \cup {None}]
  /\ faultPc \in [Vcpus -> 1..Len(FaultProgram)]
  /\ reg \in [Vcpus -> SUBSET Pages]
  /\ retry \in [Vcpus -> Pages \cup {None}]
  /\ hostLeft \in 0..NWrites
  /\ hostPage \in Pages \cup {None}
  /\ hostPc \in 1..Len(MarkSteps)
  /\ hostReg \subseteq Pages
  /\ round \in 0..(NRounds + 1)
  /\ hpc \in {"harvest", "send", "pause", "done"}
  /\ hidx \in 1..(Len(Program) + 1)
  /\ sendPage \in Pages \cup {None}
  /\ snap \subseteq Pages
  /\ taken \in BOOLEAN
  /\ log \subseteq Pages
  /\ lastStep \in [actor : STRING, step : STRING, arg : Pages \cup Words \cup {None}]

(***************************************************************************)
(* The state right after dirty logging was enabled: the destination holds  *)
(* guest memory, every page is write-protected (and MMU-writable), the     *)
(* TLBs hold no writable translation, the bitmap is clear.  The harvester  *)
(* starts its first round (or, with no live round, waits to pause the VM). *)
(***************************************************************************)
Init ==
  /\ mem = [p \in Pages |-> 0]
  /\ dest = [p \in Pages |-> 0]
  /\ W = [p \in Pages |-> FALSE]
  /\ MW = [p \in Pages |-> TRUE]
  /\ tlb = [v \in Vcpus |-> {}]
  /\ bitmap = {}
  /\ mmu_lock = FREE
  /\ flushReq = [v \in Vcpus |-> FALSE]
  /\ paused = FALSE
  /\ writesLeft = [v \in Vcpus |-> NWrites]
  /\ fault = [v \in Vcpus |-> None]
  /\ faultPc = [v \in Vcpus |-> 1]
  /\ reg = [v \in Vcpus |-> {}]
  /\ retry = [v \in Vcpus |-> None]
  /\ hostLeft = IF HostWrites THEN NWrites ELSE 0
  /\ hostPage = None
  /\ hostPc = 1
  /\ hostReg = {}
  /\ IF NRounds > 0 /\ Len(Program) > 0
       THEN round = 0 /\ hpc = "harvest"
       ELSE round = NRounds /\ hpc = "pause"
  /\ hidx = 1
  /\ sendPage = None
  /\ snap = {}
  /\ taken = FALSE
  /\ log = {}
  /\ lastStep = [actor |-> "init", step |-> "init", arg |-> None]

-----------------------------------------------------------------------------
(***************************************************************************)
(* The actions.  There is one action per atomic step of the vocabulary,    *)
(* named after it (guest-write is guest_write, snapshot-clear.load is      *)
(* snapshot_clear_load, the host's mark-dirty is host_mark_dirty); each is *)
(* built from operators named after the kernel functions it models         *)
(* (mark_page_dirty, fast_pf_fix_direct_spte,                              *)
(* kvm_arch_mmu_enable_log_dirty_pt_masked, kvm_flush_remote_tlbs, ...).   *)
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
guest_write(v, p) ==
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
  /\ UNCHANGED <<dest, W, MW, bitmap, mmu_lock, flushReq, paused, faultPc, reg>>
  /\ UNCHANGED <<hostVars, harvesterVars>>

(***************************************************************************)
(* A speculative page walk (step tlb-fill): the hardware may cache the     *)
(* writable translation of any page whose SPTE is writable, at any moment, *)
(* without writing.                                                        *)
(***************************************************************************)
tlb_fill(v, p) ==
  /\ ~paused
  /\ fault[v] = None
  /\ W[p]
  /\ p \notin tlb[v]
  /\ tlb' = [tlb EXCEPT ![v] = @ \cup {p}]
  /\ Did(VcpuName(v), "tlb-fill", p)
  /\ UNCHANGED <<mem, dest, W, MW, bitmap, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, harvesterVars>>

(***************************************************************************)
(* kvm_service_local_tlb_flush_requests: at an exit, the vCPU serves a     *)
(* pending KVM_REQ_TLB_FLUSH (an asynchronous flush) by emptying its TLB.  *)
(***************************************************************************)
kvm_service_local_tlb_flush_requests(v) ==
  /\ tlb' = [tlb EXCEPT ![v] = {}]
  /\ flushReq' = [flushReq EXCEPT ![v] = FALSE]

apply_flush(v) ==
  /\ fault[v] = None
  /\ flushReq[v]
  /\ kvm_service_local_tlb_flush_requests(v)
  /\ Did(VcpuName(v), "apply-flush", None)
  /\ UNCHANGED <<mem, dest, W, MW, bitmap, mmu_lock, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars, harvesterVars>>

(***************************************************************************)
(* The kernel functions of the fault path, as effects on page p's SPTE and *)
(* on the bitmap.                                                          *)
(*                                                                         *)
(* fast_pf_fix_direct_spte: try_cmpxchg64 of the SPTE from read-only to    *)
(* writable, without mmu_lock, allowed because the SPTE is MMU-writable.   *)
(* If W is already set, another vCPU fixed the SPTE first: the cmpxchg     *)
(* fails and the fault is spurious -- it ends without marking the page.    *)
(***************************************************************************)
fast_pf_fix_direct_spte(p) ==
  /\ MW[p]
  /\ W' = [W EXCEPT ![p] = TRUE]
  /\ UNCHANGED bitmap

(***************************************************************************)
(* mmu_set_spte: under mmu_lock, the fault path installs a writable SPTE.  *)
(***************************************************************************)
mmu_set_spte(p) ==
  /\ W' = [W EXCEPT ![p] = TRUE]
  /\ UNCHANGED bitmap

(***************************************************************************)
(* mark_page_dirty with set_bit_le: one atomic read-modify-write of the    *)
(* page's bitmap word.                                                     *)
(***************************************************************************)
mark_page_dirty(p) ==
  /\ bitmap' = bitmap \cup {p}
  /\ UNCHANGED W

(***************************************************************************)
(* mark_page_dirty with __set_bit_le, in two steps: the load of p's word   *)
(* into a register (LoadedWord), then the store of the register with p's   *)
(* bit set -- whatever another setter or a clear did to the word in        *)
(* between is overwritten.                                                 *)
(***************************************************************************)
LoadedWord(p) == bitmap \cap PagesOf(WordOf(p))

set_bit_store(p, r) ==
  /\ bitmap' = (bitmap \ PagesOf(WordOf(p))) \cup r \cup {p}
  /\ UNCHANGED W

(***************************************************************************)
(* Vcpu v's fault path is at step s.                                       *)
(***************************************************************************)
FaultAt(v, s) == fault[v] # None /\ FaultProgram[faultPc[v]] = s

(***************************************************************************)
(* What every step of the fault path of vCPU v does besides its effect: on *)
(* the locked path the first step waits for mmu_lock and takes it and the  *)
(* last drops it; after the last step -- or after a fast make-writable     *)
(* that found W already set -- the fault is over and the guest retries its *)
(* store.                                                                  *)
(***************************************************************************)
FaultStepDone(v) ==
  LET p        == fault[v]
      s        == FaultProgram[faultPc[v]]
      first    == faultPc[v] = 1
      spurious == s = "make-writable" /\ FaultPath = "fast" /\ W[p]
      last     == spurious \/ faultPc[v] = Len(FaultProgram)
  IN
  /\ (FaultPath = "locked" /\ first) => mmu_lock = FREE
  /\ mmu_lock' = CASE FaultPath = "locked" /\ last  -> FREE
                   [] FaultPath = "locked" /\ first -> v
                   [] OTHER                         -> mmu_lock
  /\ IF last
       THEN /\ fault' = [fault EXCEPT ![v] = None]
            /\ faultPc' = [faultPc EXCEPT ![v] = 1]
            /\ reg' = [reg EXCEPT ![v] = {}]
            /\ retry' = [retry EXCEPT ![v] = p]
       ELSE /\ faultPc' = [faultPc EXCEPT ![v] = @ + 1]
            /\ reg' = [reg EXCEPT ![v] = IF s = "mark-dirty.load"
                                           THEN LoadedWord(p) ELSE @]
            /\ UNCHANGED <<fault, retry>>
  /\ Did(VcpuName(v), s, p)
  /\ UNCHANGED <<mem, dest, MW, tlb, flushReq, paused, writesLeft>>
  /\ UNCHANGED <<hostVars, harvesterVars>>

(***************************************************************************)
(* The steps of the fault path: make-writable (fast: the lockless cmpxchg; *)
(* locked: under mmu_lock), mark-dirty, or mark-dirty's two halves with    *)
(* __set_bit.                                                              *)
(***************************************************************************)
make_writable(v) ==
  /\ FaultAt(v, "make-writable")
  /\ IF FaultPath = "fast" THEN fast_pf_fix_direct_spte(fault[v])
                           ELSE mmu_set_spte(fault[v])
  /\ FaultStepDone(v)

mark_dirty(v) ==
  /\ FaultAt(v, "mark-dirty")
  /\ mark_page_dirty(fault[v])
  /\ FaultStepDone(v)

mark_dirty_load(v) ==
  /\ FaultAt(v, "mark-dirty.load")
  /\ UNCHANGED <<W, bitmap>>
  /\ FaultStepDone(v)

mark_dirty_store(v) ==
  /\ FaultAt(v, "mark-dirty.store")
  /\ set_bit_store(fault[v], reg[v])
  /\ FaultStepDone(v)

-----------------------------------------------------------------------------
(***************************************************************************)
(*                          The host writer                                *)
(*                                                                         *)
(* kvm_write_guest (step host-write): the host (device emulation, a PV     *)
(* clock) writes guest memory directly, then calls mark_page_dirty as its  *)
(* own step(s), without mmu_lock and without touching SPTEs or TLBs.       *)
(***************************************************************************)
host_write(p) ==
  /\ ~paused
  /\ hostPage = None
  /\ hostLeft > 0
  /\ mem' = [mem EXCEPT ![p] = @ + 1]
  /\ hostPage' = p
  /\ Did("host", "host-write", p)
  /\ UNCHANGED <<dest, W, MW, tlb, bitmap, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<hostLeft, hostPc, hostReg, vcpuVars, harvesterVars>>

(***************************************************************************)
(* The host is at step s of the mark_page_dirty after its write.           *)
(***************************************************************************)
HostAt(s) == hostPage # None /\ MarkSteps[hostPc] = s

(***************************************************************************)
(* What every step of the host's mark_page_dirty does besides its effect.  *)
(***************************************************************************)
HostStepDone ==
  LET s == MarkSteps[hostPc] IN
  /\ IF hostPc = Len(MarkSteps)
       THEN /\ hostLeft' = hostLeft - 1
            /\ hostPage' = None
            /\ hostPc' = 1
            /\ hostReg' = {}
       ELSE /\ hostPc' = hostPc + 1
            /\ hostReg' = IF s = "mark-dirty.load" THEN LoadedWord(hostPage) ELSE hostReg
            /\ UNCHANGED <<hostLeft, hostPage>>
  /\ Did("host", s, hostPage)
  /\ UNCHANGED <<mem, dest, MW, tlb, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, harvesterVars>>

host_mark_dirty ==
  /\ HostAt("mark-dirty")
  /\ mark_page_dirty(hostPage)
  /\ HostStepDone

host_mark_dirty_load ==
  /\ HostAt("mark-dirty.load")
  /\ UNCHANGED <<W, bitmap>>
  /\ HostStepDone

host_mark_dirty_store ==
  /\ HostAt("mark-dirty.store")
  /\ set_bit_store(hostPage, hostReg)
  /\ HostStepDone

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
(* What every step of kvm_get_dirty_log_protect does besides its effect on *)
(* the machine: a step that opens a critical section waits for mmu_lock    *)
(* and takes it, the step that closes one drops it; the ioctl's buffers    *)
(* change; after the last step the ioctl returns.                          *)
(***************************************************************************)
HarvestStepDone ==
  LET mi == Program[hidx] IN
  /\ mi.acquire => mmu_lock = FREE
  /\ mmu_lock' = CASE mi.release -> FREE
                   [] mi.acquire -> HARVESTER
                   [] OTHER      -> mmu_lock
  /\ IF hidx < Len(Program)
       THEN /\ hidx' = hidx + 1
            /\ snap' = SnapAfter
            /\ taken' = TakenAfter
            /\ log' = LogAfter
            /\ UNCHANGED <<round, hpc, sendPage>>
       ELSE IoctlReturns(LogAfter)
  /\ Did("harvester", mi.step, mi.arg)
  /\ UNCHANGED <<mem, dest, MW, paused, vcpuVars, hostVars>>

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
(* kvm_arch_mmu_enable_log_dirty_pt_masked: clear W in the SPTEs of the    *)
(* pages in mask.  The TLBs are not touched: a vCPU may still hold a       *)
(* writable translation until the flush.                                   *)
(***************************************************************************)
kvm_arch_mmu_enable_log_dirty_pt_masked(mask) ==
  W' = [p \in Pages |-> IF p \in mask THEN FALSE ELSE W[p]]

(***************************************************************************)
(* write-protect: for word w, the pages in the snapshot -- or, when no     *)
(* snapshot-clear ran yet in this harvest, in the live bitmap.             *)
(***************************************************************************)
write_protect ==
  /\ HarvestAt("write-protect")
  /\ kvm_arch_mmu_enable_log_dirty_pt_masked((IF taken THEN snap ELSE bitmap) \cap PagesOf(Arg))
  /\ UNCHANGED <<bitmap, tlb, flushReq>>
  /\ HarvestStepDone

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

flush_tlb ==
  /\ HarvestAt("flush-tlb")
  /\ kvm_flush_remote_tlbs
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
(* Userspace sends page p to the destination (step send): dest[p] gets     *)
(* whatever mem[p] holds now; then the next reported page, ascending.      *)
(***************************************************************************)
send(p) ==
  LET rest == {q \in log : q > p} IN
  /\ hpc = "send"
  /\ p = sendPage
  /\ dest' = [dest EXCEPT ![p] = mem[p]]
  /\ IF rest # {}
       THEN sendPage' = Min(rest) /\ UNCHANGED <<round, hpc, hidx, snap, taken, log>>
       ELSE EndRound(round)
  /\ Did("harvester", "send", p)
  /\ UNCHANGED <<mem, W, MW, tlb, bitmap, mmu_lock, flushReq, paused>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

(***************************************************************************)
(* The final round starts by stopping the VM (step pause-vcpus, vm_stop):  *)
(* it waits until no vCPU is inside its fault path and the host is not     *)
(* between a write and its mark, kicks every vCPU out of the guest -- each *)
(* serves a pending flush request on its way out -- and stops host writes. *)
(* Then the last harvest starts.                                           *)
(***************************************************************************)
pause_vcpus ==
  /\ hpc = "pause"
  /\ \A v \in Vcpus : fault[v] = None
  /\ hostPage = None
  /\ paused' = TRUE
  /\ tlb' = [v \in Vcpus |-> IF flushReq[v] THEN {} ELSE tlb[v]]
  /\ flushReq' = [v \in Vcpus |-> FALSE]
  /\ IF Len(Program) > 0
       THEN hpc' = "harvest" /\ UNCHANGED <<round, hidx, sendPage, snap, taken, log>>
       ELSE EndRound(round)
  /\ Did("harvester", "pause-vcpus", None)
  /\ UNCHANGED <<mem, dest, W, MW, bitmap, mmu_lock>>
  /\ UNCHANGED <<vcpuVars, hostVars>>

(***************************************************************************)
(* When the final round's last page is sent, the migration is over.  The   *)
(* system stutters there, so that TLC's deadlock check flags only a state  *)
(* in which the migration is stuck before its end.                         *)
(***************************************************************************)
Terminated ==
  /\ hpc = "done"
  /\ UNCHANGED vars

-----------------------------------------------------------------------------
Next ==
  \/ \E v \in Vcpus, p \in Pages : guest_write(v, p) \/ tlb_fill(v, p)
  \/ \E v \in Vcpus : \/ apply_flush(v)
                      \/ make_writable(v)
                      \/ mark_dirty(v) \/ mark_dirty_load(v) \/ mark_dirty_store(v)
  \/ \E p \in Pages : host_write(p)
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
(* guest memory holds it.  This one property decides a variant's verdict;  *)
(* reporting a clean page as dirty is allowed.                             *)
(***************************************************************************)
NoLostWrite == hpc = "done" => \A p \in Pages : dest[p] = mem[p]

(***************************************************************************)
(* A write to p is in flight when a vCPU is in its fault path for p or the *)
(* host wrote p and has not yet marked it.                                 *)
(***************************************************************************)
InFlight(p) == (\E v \in Vcpus : fault[v] = p) \/ hostPage = p

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
