package dirtyproof.family;

import dirtyproof.model.Actor;
import dirtyproof.model.Bounds;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of the sampling back-ends, generated from a variant's actors and bounds (never from its name or
 * its expected verdict): every program each actor may run within the bounds, and every way of placing it on the
 * migration's time line, with the final round after it all.
 *
 * <p>The actors are those of a fresh migration of the variant ({@link Family#start}), by {@link Actor.Role}:
 * <ul>
 *   <li>a {@link Actor.Role#VCPU vCPU} runs up to {@code writes} guest writes, each to any page; a write may be
 *       preceded by a speculative walk of its page ({@code tlb-fill}: the hardware caches a writable translation
 *       at some moment before the store) and, with {@code flush: async}, by an exit that serves a pending flush
 *       request ({@code apply-flush});</li>
 *   <li>with {@code fault-path: mixed}, a vCPU's write may also be one whose fault takes the slow path (the
 *       mixed path's choice, made both ways);</li>
 *   <li>the {@link Actor.Role#HOST host writer} runs up to {@code writes} host writes, each to any page; the
 *       aging actor (with {@code aging: true}) up to {@code writes} access-tracking steps, each of any page;</li>
 *   <li>the {@link Actor.Role#MIGRATION migration side} runs the family's live rounds ({@link Family#liveRounds}:
 *       every one of the {@code rounds}); with {@code rounds: 0} it has nothing to run before the final round.</li>
 * </ul>
 * Each actor's program is cut in three: what it does before the others start ({@link Scenario#init}), what it
 * does concurrently with them (its thread), and what it does after the threads ({@link Scenario#post}), before
 * the final round. Every combination of programs and cuts is a scenario, up to two symmetries that change
 * nothing a back-end can observe: vCPUs are interchangeable (the specs declare them a symmetry set), and so are
 * pages that swap within a bitmap word, or whole words of the same size (unless the family says its pages are not,
 * {@link Family#pagesInterchangeable}: the ring, whose zeroed entries name page 0). A scenario with one thread, or none, is
 * one sequential run of operations; with two threads it is a race of two actors (what jcstress runs); with more,
 * a race of more.
 *
 * <p>Scenarios come smallest first: fewest writes, then fewest threads, then fewest steps in the threads (a live
 * round weighs more than a write).
 * The known races need few writes, and a sampling back-end with a fixed budget explores a small scenario
 * further. How many there are grows fast with the bounds; {@link #generate} stops at a limit and says so
 * ({@link Generated#complete}), and the back-ends report it: a bound that was not honoured is said.
 */
public final class Scenarios {

    /** The access-tracking actor (kvm.Aging): its one operation is {@code access-track(p)}. */
    static final String AGING = "aging";

    /** The most scenarios {@link #standard} returns. */
    public static final int LIMIT = 2000;

    private Scenarios() {
    }

    /**
     * The generated scenarios and whether they are all of them.
     *
     * @param scenarios the scenarios, smallest first
     * @param complete  false when the limit cut the enumeration: larger programs within the bounds are left out
     * @param writes    every scenario with at most this many writes in all is included
     * @param maxWrites the most writes in all the bounds allow (writes × writers)
     * @param programs  per writer actor, how many programs it may run within the bounds (the empty one included),
     *                  before cutting and symmetry
     */
    public record Generated(List<Scenario> scenarios, boolean complete, int writes, int maxWrites,
                            Map<String, Long> programs) {
        public Generated {
            scenarios = List.copyOf(scenarios);
            programs = Collections.unmodifiableMap(new LinkedHashMap<>(programs));
        }
    }

    /** The scenarios of a variant whose migration side runs {@code liveRounds} on one thread, at most {@link #LIMIT}. */
    public static List<Scenario> standard(Variant v, List<Op> liveRounds) {
        return generate(v, liveRounds, LIMIT).scenarios();
    }

    /** What {@link #standard} covers for the variant with its family's live rounds: for the back-ends' reports. */
    public static Generated coverage(Variant v) {
        return generate(v, v.family().liveRounds(v), LIMIT);
    }

    /** One actor's program cut in three: before the threads, in its thread, after the threads. */
    private record Part(List<Op> pre, List<Op> mid, List<Op> post, int writes) {
        static final Part NONE = new Part(List.of(), List.of(), List.of(), 0);

        Part relabel(int[] perm) {
            return new Part(relabel(pre, perm), relabel(mid, perm), relabel(post, perm), writes);
        }

        private static List<Op> relabel(List<Op> ops, int[] perm) {
            List<Op> r = new ArrayList<>(ops.size());
            for (Op o : ops) {
                r.add(o.arg() < 0 ? o : new Op(o.actor(), o.action(), perm[o.arg()]));
            }
            return r;
        }

        /** The same cut, for another actor of the same role (vCPUs are interchangeable). */
        Part as(String actor) {
            return new Part(rename(pre, actor), rename(mid, actor), rename(post, actor), writes);
        }

        private static List<Op> rename(List<Op> ops, String actor) {
            List<Op> r = new ArrayList<>(ops.size());
            for (Op o : ops) {
                r.add(new Op(actor, o.action(), o.arg()));
            }
            return r;
        }

        /** The part without the actor's name: what vCPU symmetry compares. */
        String shape() {
            return strip(pre) + "/" + strip(mid) + "/" + strip(post);
        }

        private static String strip(List<Op> ops) {
            StringBuilder sb = new StringBuilder();
            for (Op o : ops) {
                sb.append(o.action()).append(o.arg()).append(' ');
            }
            return sb.toString();
        }

        int size() {
            return pre.size() + mid.size() + post.size();
        }
    }

    /** An actor that runs a program, and every cut of every program it may run. */
    private record Player(String name, Actor.Role role, List<Part> parts) {
    }

    /**
     * Generates the scenarios of the variant: at most {@code limit}, smallest first.
     *
     * @param liveRounds the migration side's operations, on one thread (none with {@code rounds: 0})
     */
    public static Generated generate(Variant v, List<Op> liveRounds, int limit) {
        Bounds b = v.bounds();
        List<Player> players = new ArrayList<>();
        Map<String, Long> programs = new LinkedHashMap<>();
        for (Actor a : v.family().start(v).actors()) {
            if (a.role() == Actor.Role.VCPU) {
                List<List<Op>> items = new ArrayList<>();
                for (int p = 0; p < b.pages(); p++) {
                    items.add(List.of(new Op(a.name(), Op.GUEST_WRITE, p)));
                    if (v.machine().faultPath() == FaultPath.MIXED) {
                        // the mixed path's choice, made both ways: this write's fault takes the slow path
                        items.add(List.of(new Op(a.name(), Op.GUEST_WRITE_SLOW, p)));
                    }
                    items.add(List.of(new Op(a.name(), Op.TLB_FILL, p), new Op(a.name(), Op.GUEST_WRITE, p)));
                    if (v.machine().flush() == FlushMode.ASYNC) {
                        items.add(List.of(new Op(a.name(), Op.APPLY_FLUSH, -1), new Op(a.name(), Op.GUEST_WRITE, p)));
                    }
                }
                players.add(new Player(a.name(), a.role(), cuts(items, b.writes(), limit)));
                programs.put(a.name(), count(items.size(), b.writes()));
            } else if (a.role() == Actor.Role.HOST) {
                // the host writer's writes; another actor of the host's part (the aging actor) its own operation
                String action = a.name().equals(AGING) ? Op.ACCESS_TRACK : Op.HOST_WRITE;
                List<List<Op>> items = new ArrayList<>();
                for (int p = 0; p < b.pages(); p++) {
                    items.add(List.of(new Op(a.name(), action, p)));
                }
                players.add(new Player(a.name(), a.role(), cuts(items, b.writes(), limit)));
                programs.put(a.name(), count(items.size(), b.writes()));
            }
        }
        List<Op> mig = b.rounds() >= 1 && liveRounds != null ? liveRounds : List.of();
        if (!mig.isEmpty()) {
            List<Part> parts = new ArrayList<>();
            List<Integer> at = cutPoints(mig.size());
            for (int i : at) {
                for (int j : at) {
                    if (j >= i) {
                        parts.add(new Part(mig.subList(0, i), mig.subList(i, j), mig.subList(j, mig.size()), 0));
                    }
                }
            }
            players.add(new Player(mig.get(0).actor(), Actor.Role.MIGRATION, parts));
        }
        List<int[]> symmetries = v.family().pagesInterchangeable() ? pageSymmetries(b) : pageSymmetries(b).subList(0, 0);
        if (symmetries.isEmpty()) {
            int[] id = new int[b.pages()];
            for (int p = 0; p < id.length; p++) {
                id[p] = p;
            }
            symmetries = List.<int[]>of(id);
        }
        int writers = (int) players.stream().filter(p -> p.role() != Actor.Role.MIGRATION).count();
        int maxWrites = b.writes() * writers;
        Map<String, Part[]> chosen = new LinkedHashMap<>();
        boolean complete = true;
        int covered = 0;
        for (int n = 1; n <= maxWrites; n++) {
            List<Part[]> level = new ArrayList<>();
            Map<String, Boolean> keys = new java.util.HashMap<>();
            boolean all = enumerate(players, n, 0, new Part[players.size()], level, keys, symmetries, limit * 8L);
            level.sort(Comparator.<Part[]>comparingInt(Scenarios::threads).thenComparingInt(Scenarios::parallelWeight)
                    .thenComparingInt(Scenarios::ops));
            for (Part[] s : level) {
                if (chosen.size() >= limit) {
                    complete = false;
                    break;
                }
                chosen.put(key(s), s);
            }
            if (complete && all) {
                covered = n;
            }
            if (!all || chosen.size() >= limit) {
                complete = complete && all && n == maxWrites;
                break;
            }
        }
        List<Scenario> r = new ArrayList<>();
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (Part[] s : chosen.values()) {
            Scenario sc = scenario(players, s);
            if (texts.add(sc.toString())) {
                r.add(sc);
            }
        }
        return new Generated(r, complete, covered, maxWrites, programs);
    }

    /** The most places the migration side's program is cut at everywhere; past it, only near its ends. */
    public static final int MIGRATION_CUTS = 6;

    /**
     * Where the migration side's program of {@code n} operations (one per live round, for a family that says so)
     * may be cut: anywhere when it is short, else within two operations of either end.
     */
    static List<Integer> cutPoints(int n) {
        java.util.TreeSet<Integer> r = new java.util.TreeSet<>();
        for (int i = 0; i <= n; i++) {
            if (n + 1 <= MIGRATION_CUTS || i <= 2 || i >= n - 2) {
                r.add(i);
            }
        }
        return new ArrayList<>(r);
    }

    /** Programs of at most {@code writes} items, each cut in three, smallest first. */
    private static List<Part> cuts(List<List<Op>> items, int writes, int limit) {
        List<Part> r = new ArrayList<>();
        r.add(Part.NONE);
        List<List<Op>> level = new ArrayList<>();
        level.add(List.of());
        for (int k = 1; k <= writes && r.size() < limit * 8; k++) {
            List<List<Op>> next = new ArrayList<>();
            for (List<Op> prog : level) {
                for (List<Op> it : items) {
                    List<Op> q = new ArrayList<>(prog);
                    q.addAll(it);
                    next.add(q);
                }
                if (next.size() > limit * 8) {
                    break;
                }
            }
            for (List<Op> prog : next) {
                for (int i = 0; i <= prog.size(); i++) {
                    for (int j = i; j <= prog.size(); j++) {
                        r.add(new Part(prog.subList(0, i), prog.subList(i, j), prog.subList(j, prog.size()), k));
                    }
                }
            }
            level = next;
        }
        return r;
    }

    private static long count(int items, int writes) {
        long n = 0;
        long pow = 1;
        for (int k = 0; k <= writes; k++) {
            n += pow;
            if (n > Long.MAX_VALUE / 4 || pow > Long.MAX_VALUE / 4 / Math.max(1, items)) {
                return Long.MAX_VALUE;
            }
            pow *= items;
        }
        return n;
    }

    /**
     * Adds every canonical scenario with {@code n} writes in all, choosing the parts of the players from index
     * {@code i} on. Returns false when {@code work} ran out before the enumeration ended.
     */
    private static boolean enumerate(List<Player> players, int n, int i, Part[] chosen, List<Part[]> out,
                                     Map<String, Boolean> keys, List<int[]> symmetries, long work) {
        if (i == players.size()) {
            if (n != 0 || !worthRunning(chosen)) {
                return true;
            }
            Part[] c = canonical(players, chosen, symmetries);
            if (keys.putIfAbsent(key(c), Boolean.TRUE) == null) {
                out.add(c);
            }
            return keys.size() < work;
        }
        Player p = players.get(i);
        for (Part part : p.parts()) {
            if (part.writes() > n) {
                continue;
            }
            chosen[i] = part;
            if (!enumerate(players, n - part.writes(), i + 1, chosen, out, keys, symmetries, work)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A scenario is worth running when something happens concurrently or the run is a sequence no smaller
     * scenario covers: at least one writer does something, and the migration side, when it has live rounds,
     * takes part.
     */
    private static boolean worthRunning(Part[] s) {
        boolean write = false;
        for (Part p : s) {
            write |= p.writes() > 0;
        }
        return write;
    }

    /**
     * The representative under page relabelling and vCPU permutation: the smallest key. A vCPU permutation is one
     * only when it keeps the order of the vCPUs that do something before or after the threads: sorting those as
     * well (as this did until 2026-12-01) mapped "vcpu0 writes p0, then vcpu1 walks p0" onto "vcpu0 walks p0, then
     * vcpu1 writes p0", and the first order -- aging-flush-if-changed's lost write at {@code vcpus: 2, writes: 1}
     * -- was never generated.
     */
    private static Part[] canonical(List<Player> players, Part[] s, List<int[]> symmetries) {
        Part[] best = null;
        String bestKey = null;
        List<Integer> vcpus = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            if (players.get(i).role() == Actor.Role.VCPU) {
                vcpus.add(i);
            }
        }
        for (int[] perm : symmetries) {
            Part[] t = new Part[s.length];
            for (int i = 0; i < s.length; i++) {
                t[i] = s[i].relabel(perm);
            }
            // the writers' parts before and after the threads run in player order (scenario()): vCPUs with such a
            // part keep their order, or the renaming would be another execution; the others are sorted. This may
            // keep two namings of one execution (one vCPU only before, the other only after), never merges two.
            List<Part> vp = new ArrayList<>();
            List<Part> free = new ArrayList<>();
            for (int i : vcpus) {
                (t[i].pre().isEmpty() && t[i].post().isEmpty() ? free : vp).add(t[i]);
            }
            free.sort(Comparator.comparingInt((Part x) -> -x.writes()).thenComparingInt(x -> -x.size())
                    .thenComparing(Part::shape));
            vp.addAll(free);
            for (int k = 0; k < vcpus.size(); k++) {
                t[vcpus.get(k)] = vp.get(k).as(players.get(vcpus.get(k)).name());
            }
            String k = key(t);
            if (bestKey == null || k.compareTo(bestKey) < 0) {
                best = t;
                bestKey = k;
            }
        }
        return best;
    }

    /**
     * The page relabellings that change nothing: any permutation within a bitmap word, and any permutation of
     * whole words of the same size. The identity alone when there would be more than a few thousand.
     */
    static List<int[]> pageSymmetries(Bounds b) {
        int pages = b.pages();
        int ppw = b.pagesPerWord();
        int full = pages / ppw;
        int rest = pages % ppw;
        double size = Math.pow(factorial(ppw), full) * factorial(full) * factorial(rest);
        int[] id = new int[pages];
        for (int p = 0; p < pages; p++) {
            id[p] = p;
        }
        if (size > 5000 || size <= 1) {
            return List.<int[]>of(id);
        }
        List<int[]> r = new ArrayList<>();
        List<int[]> inWord = permutations(ppw);
        List<int[]> inRest = permutations(rest);
        for (int[] wp : permutations(full)) {
            List<int[]> partial = new ArrayList<>();
            partial.add(new int[pages]);
            for (int w = 0; w < full; w++) {
                List<int[]> next = new ArrayList<>();
                for (int[] base : partial) {
                    for (int[] ip : inWord) {
                        int[] q = base.clone();
                        for (int k = 0; k < ppw; k++) {
                            q[w * ppw + k] = wp[w] * ppw + ip[k];
                        }
                        next.add(q);
                    }
                }
                partial = next;
            }
            for (int[] base : partial) {
                for (int[] ip : inRest) {
                    int[] q = base.clone();
                    for (int k = 0; k < rest; k++) {
                        q[full * ppw + k] = full * ppw + ip[k];
                    }
                    r.add(q);
                }
            }
        }
        return r;
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> r = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, r);
        return r;
    }

    private static void permute(int[] cur, boolean[] used, int i, List<int[]> out) {
        if (i == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int k = 0; k < cur.length; k++) {
            if (!used[k]) {
                used[k] = true;
                cur[i] = k;
                permute(cur, used, i + 1, out);
                used[k] = false;
            }
        }
    }

    private static String key(Part[] s) {
        StringBuilder sb = new StringBuilder();
        for (Part p : s) {
            sb.append(p.pre()).append(p.mid()).append(p.post()).append(';');
        }
        return sb.toString();
    }

    private static int threads(Part[] s) {
        int n = 0;
        for (Part p : s) {
            n += p.mid().isEmpty() ? 0 : 1;
        }
        return n;
    }

    /**
     * About how many atomic steps the threads take: what a model checker's exploration of the scenario costs. A
     * live round is a harvest and its sends (several steps), a write a store and maybe a fault path, a speculative
     * walk or an exit one step.
     */
    private static int parallelWeight(Part[] s) {
        int n = 0;
        for (Part p : s) {
            for (Op o : p.mid()) {
                switch (o.action()) {
                    case Op.LIVE_ROUND:
                        n += 5;
                        break;
                    case Op.LIVE_ROUNDS:
                        n += 10;
                        break;
                    case Op.GUEST_WRITE:
                    case Op.GUEST_WRITE_SLOW:
                    case Op.HOST_WRITE:
                        n += 3;
                        break;
                    default:
                        n += 1;
                }
            }
        }
        return n;
    }

    private static int ops(Part[] s) {
        int n = 0;
        for (Part p : s) {
            n += p.size();
        }
        return n;
    }

    /**
     * The scenario of the chosen parts: the writers' beginnings, then the migration side's (init); the threads;
     * the migration side's rest, then the writers' (post).
     */
    private static Scenario scenario(List<Player> players, Part[] s) {
        List<Op> init = new ArrayList<>();
        List<Op> post = new ArrayList<>();
        List<List<Op>> threads = new ArrayList<>();
        Part mig = null;
        for (int i = 0; i < players.size(); i++) {
            if (players.get(i).role() == Actor.Role.MIGRATION) {
                mig = s[i];
                continue;
            }
            init.addAll(s[i].pre());
            if (!s[i].mid().isEmpty()) {
                threads.add(s[i].mid());
            }
        }
        if (mig != null) {
            init.addAll(mig.pre());
            if (!mig.mid().isEmpty()) {
                threads.add(mig.mid());
            }
            post.addAll(mig.post());
        }
        for (int i = 0; i < players.size(); i++) {
            if (players.get(i).role() != Actor.Role.MIGRATION) {
                post.addAll(s[i].post());
            }
        }
        if (threads.size() < 2) {
            // one thread or none: a single sequence of operations, whatever the cut
            List<Op> seq = new ArrayList<>(init);
            threads.forEach(seq::addAll);
            seq.addAll(post);
            init = seq;
            threads = new ArrayList<>();
            post = new ArrayList<>();
        }
        String name = name(init, threads, post);
        String why = threads.size() >= 2 ? "a race of " + String.join(" and ", racing(threads))
                : "one sequence of operations";
        return new Scenario(name, init, threads, post, why);
    }

    private static List<String> racing(List<List<Op>> threads) {
        List<String> r = new ArrayList<>();
        for (List<Op> t : threads) {
            r.add(t.get(0).actor());
        }
        return r;
    }

    /**
     * A compact name: {@code vcpu0:w0 ; vcpu0:fill0 || harvester:rounds ; vcpu0:w0} (init ; threads ; post), or
     * for a sequence {@code vcpu0:w0 > harvester:rounds > vcpu0:w0}.
     */
    private static String name(List<Op> init, List<List<Op>> threads, List<Op> post) {
        if (threads.isEmpty()) {
            return shortOps(init);
        }
        StringBuilder sb = new StringBuilder();
        if (!init.isEmpty()) {
            sb.append(shortOps(init)).append(" ; ");
        }
        List<String> t = new ArrayList<>();
        for (List<Op> th : threads) {
            t.add(shortOps(th));
        }
        sb.append(String.join(" || ", t));
        if (!post.isEmpty()) {
            sb.append(" ; ").append(shortOps(post));
        }
        return sb.toString();
    }

    private static String shortOps(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        String actor = null;
        for (Op o : ops) {
            if (!o.actor().equals(actor)) {
                sb.append(sb.length() == 0 ? "" : " > ").append(o.actor()).append(':');
                actor = o.actor();
            } else {
                sb.append(',');
            }
            sb.append(abbrev(o));
        }
        return sb.toString();
    }

    private static String abbrev(Op o) {
        String page = o.arg() < 0 ? "" : String.valueOf(o.arg());
        switch (o.action()) {
            case Op.GUEST_WRITE:
                return "w" + page;
            case Op.GUEST_WRITE_SLOW:
                return "slow" + page;
            case Op.HOST_WRITE:
                return "w" + page;
            case Op.ACCESS_TRACK:
                return "age" + page;
            case Op.TLB_FILL:
                return "fill" + page;
            case Op.APPLY_FLUSH:
                return "exit";
            case Op.LIVE_ROUNDS:
                return "rounds";
            case Op.LIVE_ROUND:
                return "round";
            default:
                return o.action() + page;
        }
    }
}
