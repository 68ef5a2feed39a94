package dirtyproof.check;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.LostWrite;
import dirtyproof.variant.FaultPath;
import dirtyproof.variant.LockMode;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a variant's locks do, asked of TLC (docs/variants.md, "Lock audit"):
 * <ul>
 *   <li><b>latency only</b>: a variant whose one change from its family's defaults is {@code mmu-lock-kind}
 *       (spinlock to mutex, seed 2012) changes no interleaving -- a sleeping lock excludes exactly what a
 *       spinning one does. The audit shows it: TLC checks the baseline (the same variant with the family's
 *       lock kind) too, and the two must give the same verdict and the same number of distinct states.</li>
 *   <li><b>which lock sections a safe variant relies on</b> ({@code --audit-locks}): for each lock section --
 *       each step of the family's lock scope (get-log: {@code mmu-lock}) and the fault path's lock -- one TLC
 *       run of the variant without that section. A section whose removal loses a write is needed; one
 *       whose removal is still safe (exhaustively, within the bounds) is not.</li>
 * </ul>
 * This class decides; the command line only prints {@link #lines}.
 */
public final class LockAudit {

    /** The back-end the audit asks: only an exhaustive answer says a lock is not needed. */
    public static final String BACKEND = "tlc";

    /** One lock section of a variant: its name, what it is, and the variant that does not take it. */
    public record Section(String name, String what, Variant without) {
    }

    /** A section and TLC's answer for the variant without it. */
    public record Finding(Section section, BackendResult result) {

        /** needed, not needed, or inconclusive. */
        public String status() {
            if (result.verdict() == Verdict.UNSAFE) {
                return "needed";
            }
            return result.verdict() == Verdict.SAFE && result.exhaustive() ? "not needed" : "inconclusive";
        }

        /** Why, in one line. */
        public String why() {
            if (result.verdict() == Verdict.UNSAFE) {
                List<LostWrite> lost = result.counterexample() == null ? List.of() : result.counterexample().lost();
                return "without it a write is lost" + (lost.isEmpty() ? "" : " (" + lost.get(0).toString().replaceFirst("^lost write: ", "") + ")") + ", "
                        + states(result) + " states";
            }
            if (result.verdict() == Verdict.SAFE && result.exhaustive()) {
                return "safe without it, " + states(result) + " states (exhaustive within the bounds)";
            }
            return String.valueOf(result.reason());
        }
    }

    /** A change of mmu-lock-kind alone, and TLC's answers for the variant and for its baseline. */
    public record LatencyOnly(Variant baseline, BackendResult variant, BackendResult base) {

        /**
         * True when both runs completed with the same verdict and -- for SAFE, where TLC's count of distinct
         * states is that of the whole state space whatever the number of workers -- the same count.
         */
        public boolean sameExclusion() {
            if (variant.verdict() != base.verdict() || variant.verdict() == Verdict.INCONCLUSIVE) {
                return false;
            }
            return variant.verdict() != Verdict.SAFE
                    || (states(variant) != null && Objects.equals(states(variant), states(base)));
        }

        public String line() {
            String kind = baseline.machine().mmuLockKind().id();
            String why = "mmu-lock-kind changes how a waiter waits, not who may hold the lock";
            if (sameExclusion() && variant.verdict() == Verdict.UNSAFE) {
                return "latency only: same exclusion -- " + why + ": TLC finds a lost write both here and with"
                        + " mmu-lock-kind: " + kind + " (the states counted up to a violation are not compared)";
            }
            if (sameExclusion()) {
                return "latency only: same exclusion -- " + why + ": TLC finds " + states(variant) + " distinct states,"
                        + " exactly as many as the same variant with mmu-lock-kind: " + kind + " (both SAFE)";
            }
            return "NOT latency only: TLC gives " + variant.verdict() + " with " + states(variant) + " states, the baseline"
                    + " with mmu-lock-kind: " + kind + " " + base.verdict() + " with " + states(base) + " states"
                    + (base.verdict() == Verdict.INCONCLUSIVE ? " (" + base.reason() + ")" : "");
        }
    }

    private final Checker checker;
    private final BackendOptions options;

    public LockAudit(Checker checker, BackendOptions options) {
        this.checker = checker;
        this.options = options;
    }

    /** Why --audit-locks cannot run with these back-ends (it needs tlc), or null when it can. */
    public static String problem(List<String> backends) {
        return backends.contains(BACKEND) ? null : "--audit-locks asks TLC (only an exhaustive check can say a lock"
                + " is not needed); add tlc to --backend (given: " + String.join(", ", backends) + ")";
    }

    /** The keys in which v differs from its family's defaults, naming keys and bounds aside. */
    public static Set<String> changedKeys(Variant v) {
        Map<String, Object> base = v.family().defaults(v.name()).keys();
        Set<String> r = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : v.keys().entrySet()) {
            String k = e.getKey();
            if (k.equals("name") || k.equals("summary") || k.equals("expect") || k.equals("bounds") || k.equals("protocol")) {
                continue;
            }
            if (!Objects.equals(e.getValue(), base.get(k))) {
                r.add(k);
            }
        }
        return r;
    }

    /**
     * The baseline of a variant whose only change from its family's defaults is mmu-lock-kind: the same
     * variant (bounds included) with the family's lock kind. Empty for any other variant.
     */
    public static Optional<Variant> latencyBaseline(Variant v) {
        if (!v.family().modelled() || !changedKeys(v).equals(Set.of("mmu-lock-kind"))) {
            return Optional.empty();
        }
        MachineConfig m = v.machine().withMmuLockKind(v.family().machineDefaults().mmuLockKind());
        return Optional.of(v.withMachine(m).withName(v.name() + "-baseline"));
    }

    /**
     * For a result whose variant changes only mmu-lock-kind and that has a TLC answer: TLC on the baseline,
     * and the comparison. Empty otherwise.
     */
    public Optional<LatencyOnly> latencyOnly(VariantResult r) {
        BackendResult tlc = r.results().get(BACKEND);
        Optional<Variant> base = latencyBaseline(r.variant());
        if (tlc == null || base.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LatencyOnly(base.get(), tlc, checker.run(BACKEND, base.get(), options)));
    }

    /**
     * The lock sections of a variant: the family's (get-log: each step of mmu-lock), then the fault path's
     * lock (fault-path: locked, or the slow path of mixed, unless fault-lock is none already).
     */
    public static List<Section> sections(Variant v) {
        List<Section> r = new ArrayList<>();
        for (Map.Entry<String, Variant> e : v.family().withoutLockSections(v).entrySet()) {
            r.add(new Section(e.getKey(), "the family's lock scope", e.getValue()));
        }
        MachineConfig m = v.machine();
        if (m.faultPath() != FaultPath.FAST && m.faultLock() != LockMode.NONE) {
            String what = m.faultPath() == FaultPath.LOCKED ? "the locked fault path" : "the slow path of the mixed fault path";
            r.add(new Section(m.faultPath() == FaultPath.LOCKED ? "fault path (locked)" : "fault path (slow path)", what + " (fault-lock: " + m.faultLock().id() + ")",
                    v.withMachine(m.withFaultLock(LockMode.NONE)).withName(v.name() + "-fault-path-unlocked")));
        }
        return r;
    }

    /** One TLC run per lock section of v. */
    public List<Finding> audit(Variant v) {
        List<Finding> r = new ArrayList<>();
        for (Section s : sections(v)) {
            r.add(new Finding(s, checker.run(BACKEND, s.without(), options)));
        }
        return r;
    }

    /**
     * The lines to print under a variant's result: the latency-only comparison when the variant changes only
     * mmu-lock-kind, and with {@code audit} the lock sections a safe variant relies on (only when TLC said
     * SAFE: a lock audit of an unsafe or undecided variant says nothing).
     */
    public List<String> lines(VariantResult r, boolean audit) {
        List<String> out = new ArrayList<>();
        latencyOnly(r).ifPresent(l -> out.add(l.line()));
        if (!audit) {
            return out;
        }
        BackendResult tlc = r.results().get(BACKEND);
        if (tlc == null) {
            out.add("lock audit: skipped, it needs the tlc back-end (--backend tlc)");
            return out;
        }
        if (tlc.verdict() != Verdict.SAFE) {
            out.add("lock audit: skipped, TLC says " + tlc.verdict() + "; the audit asks what a safe variant relies on");
            return out;
        }
        List<Section> secs = sections(r.variant());
        if (secs.isEmpty()) {
            out.add("lock audit: the variant takes mmu_lock nowhere");
            return out;
        }
        out.add("lock audit (TLC; each lock section dropped in turn):");
        for (Finding f : audit(r.variant())) {
            out.add(String.format("  %-30s %-12s %s", f.section().name(), f.status(), f.why()));
        }
        return out;
    }

    private static Number states(BackendResult r) {
        Map<String, Number> e = r.explored() == null ? Map.of() : r.explored();
        return e.get("states");
    }
}
