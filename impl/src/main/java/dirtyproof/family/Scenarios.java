package dirtyproof.family;

import dirtyproof.model.Bounds;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * The writer programs every family's scenarios are made of, chosen from the variant's bounds and shared keys
 * (never from its name or its expected verdict), each beside the migration side's live rounds:
 * <ul>
 *   <li>{@code host-*}, {@code vcpu-and-host*} (with {@code host-writes: true}, first): the host writer,
 *       alone or beside a vCPU, with or without a concurrent harvest (setters that take no mmu_lock);</li>
 *   <li>{@code write-once}: one write while the harvest runs (a fault path cut by the harvest);</li>
 *   <li>{@code dirty-*}: the page already written once (writable, cached, dirty) when the harvest starts,
 *       then written again through a stale entry ({@code dirty-rewrite}), after a speculative walk
 *       ({@code dirty-refill}) or after an exit that serves a pending flush ({@code dirty-exit-rewrite},
 *       only with {@code flush: async});</li>
 *   <li>{@code rewrite}: the same page twice while the harvest runs;</li>
 *   <li>{@code two-pages}: two pages of one word (a set between the load and the store of a clear);</li>
 *   <li>{@code vcpus-*}: two vCPUs, same page or two pages (concurrent fault paths).</li>
 *   <li>{@code slow-*} (with {@code fault-path: mixed}): faults that take the slow path -- one write cut by
 *       the harvest, a slow and a fast fault of two vCPUs on one page; the other programs' writes take the
 *       fast path, so the choice of the mixed path is explored both ways;</li>
 *   <li>{@code aged-*} (with {@code aging: true}): the aging actor clears W of a dirty, cached page before
 *       the harvest ({@code aged-rewrite}) or while it runs ({@code aged-race}), then the page is written
 *       again through the TLB.</li>
 * </ul>
 * A program that needs more than the bounds allow is left out. With {@code rounds: 0} there is no
 * migration-side thread and only the writers race before the final round.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /** The scenarios of a variant whose migration side runs {@code liveRounds} on one thread. */
    public static List<Scenario> standard(Variant v, List<Op> liveRounds) {
        Bounds b = v.bounds();
        int a = 0;
        int other = b.pages() >= 2 ? 1 : -1;
        boolean twice = b.writes() >= 2;
        List<Op> mig = b.rounds() >= 1 ? liveRounds : null;
        List<Scenario> r = new ArrayList<>();
        if (v.machine().hostWrites() && b.writes() >= 1) {
            if (twice && other >= 0) {
                add(r, mig, "host-two-pages", "two host marks of one word against the clear", List.of(),
                        List.of(Op.hostWrite(a), Op.hostWrite(other)));
            }
            if (other >= 0) {
                add(r, null, "vcpu-and-host-no-harvest", "two setters of one word", List.of(),
                        List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(other)));
                add(r, mig, "vcpu-and-host", "two setters of one word against the harvest", List.of(),
                        List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(other)));
            }
            add(r, mig, "vcpu-and-host-one-page", "a guest and a host write of one page", List.of(),
                    List.of(Op.guestWrite(0, a)), List.of(Op.hostWrite(a)));
            if (twice) {
                add(r, mig, "host-rewrite", "a host page written twice across a harvest", List.of(),
                        List.of(Op.hostWrite(a), Op.hostWrite(a)));
            }
        }
        if (b.writes() >= 1) {
            add(r, mig, "write-once", "a fault path cut by the harvest", List.of(), List.of(Op.guestWrite(0, a)));
        }
        if (twice) {
            List<Op> dirty = List.of(Op.guestWrite(0, a));
            add(r, mig, "dirty-rewrite", "a write through a stale writable TLB entry", dirty, List.of(Op.guestWrite(0, a)));
            add(r, mig, "dirty-refill", "a TLB refilled between flush and protect", dirty,
                    List.of(Op.tlbFill(0, a), Op.guestWrite(0, a)));
            if (v.machine().flush() == FlushMode.ASYNC) {
                add(r, mig, "dirty-exit-rewrite", "a flush request served late", dirty,
                        List.of(Op.applyFlush(0), Op.guestWrite(0, a)));
            }
            add(r, mig, "rewrite", "a page written twice while the harvest runs", List.of(),
                    List.of(Op.guestWrite(0, a), Op.guestWrite(0, a)));
            if (other >= 0) {
                add(r, mig, "two-pages", "two pages of one word", List.of(),
                        List.of(Op.guestWrite(0, a), Op.guestWrite(0, other)));
            }
        }
        if (b.vcpus() >= 2 && b.writes() >= 1) {
            if (other >= 0) {
                add(r, mig, "vcpus-two-pages", "two vCPUs' fault paths on one word", List.of(),
                        List.of(Op.guestWrite(0, a)), List.of(Op.guestWrite(1, other)));
            }
            add(r, mig, "vcpus-one-page", "two vCPUs' fault paths on one page", List.of(),
                    List.of(Op.guestWrite(0, a)),
                    twice ? List.of(Op.guestWrite(1, a), Op.guestWrite(1, a)) : List.of(Op.guestWrite(1, a)));
        }
        if (v.machine().faultPath() == FaultPath.MIXED && b.writes() >= 1) {
            add(r, mig, "slow-write-once", "a slow-path fault (mark, then install) cut by the harvest", List.of(),
                    List.of(Op.guestWriteSlow(0, a)));
            if (twice) {
                add(r, mig, "slow-rewrite", "a page written twice, each fault on the slow path", List.of(),
                        List.of(Op.guestWriteSlow(0, a), Op.guestWriteSlow(0, a)));
            }
            if (b.vcpus() >= 2) {
                add(r, mig, "slow-and-fast", "a slow-path and a fast-path fault of two vCPUs on one page", List.of(),
                        List.of(Op.guestWriteSlow(0, a)), List.of(Op.guestWrite(1, a)));
            }
        }
        if (v.machine().aging() && twice) {
            List<Op> dirty = List.of(Op.guestWrite(0, a));
            add(r, mig, "aged-rewrite", "a dirty page aged before the harvest, rewritten through its TLB entry",
                    List.of(Op.guestWrite(0, a), Op.accessTrack(a)), List.of(Op.guestWrite(0, a)));
            add(r, mig, "aged-race", "a dirty page aged while the harvest runs, then rewritten", dirty,
                    List.of(Op.guestWrite(0, a)), List.of(Op.accessTrack(a)));
        }
        return r;
    }

    @SafeVarargs
    private static void add(List<Scenario> r, List<Op> mig, String name, String why, List<Op> init, List<Op>... writers) {
        List<List<Op>> threads = new ArrayList<>(List.of(writers));
        if (mig != null) {
            threads.add(mig);
        }
        r.add(new Scenario(name, init, threads, why));
    }
}
