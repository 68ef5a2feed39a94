package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.check.Checker;
import dirtyproof.model.Json;
import dirtyproof.sweep.Condition;
import dirtyproof.sweep.Sweep;
import dirtyproof.sweep.SweepCache;
import dirtyproof.sweep.SweepPlan;
import dirtyproof.sweep.SweepResult;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep of the 24 get-log harvest orders with TLC, in two shards merged, against the same sweep unsharded:
 * the same verdicts and the same rule. At the smallest bounds (one page, one vCPU, one write) to keep it short;
 * the rule must agree with every catalog variant that differs from today's kernel only in its harvest order.
 */
class SweepTlcTest {

    static final Map<String, Object> BOUNDS = Map.of("bounds",
            Map.of("pages", 1, "pages-per-word", 1, "vcpus", 1, "writes", 1, "rounds", 1));

    @Test
    void shardsMergedGiveTheRuleOfTheWholeSweep() throws Exception {
        Path work = TlcCatalogTest.specsDir().toAbsolutePath().resolve("target").resolve("sweep-test");
        dirtyproof.backend.ProcessRegistry.deleteTree(work);
        BackendOptions o = new BackendOptions(work.getParent().getParent(), work, Duration.ofMinutes(2), Map.of());
        SweepCache cache = new SweepCache(work.resolve("cache"));
        Sweep.Settings s = new Sweep.Settings(List.of("tlc"), o, Runtime.getRuntime().availableProcessors(), cache);
        Checker checker = new Checker();
        SweepPlan plan = SweepPlan.of("get-log", List.of("harvest-order"), BOUNDS);
        List<SweepResult> shards = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            SweepResult r = Sweep.run(plan, k, 2, checker, s, (e, d, n) -> { });
            assertEquals(12, r.entries().size());
            assertTrue(r.entries().stream().allMatch(e -> !Boolean.TRUE.equals(e.backends().get("tlc").get("cached"))),
                    "a fresh cache holds nothing");
            // through the JSON file, as 'dirtyproof merge' reads it
            Path f = work.resolve("shard-" + k + ".json");
            Files.writeString(f, r.json());
            shards.add(SweepResult.fromMap(Json.read(Files.readString(f)), f.toString()));
        }
        SweepResult merged = SweepResult.merge(shards);
        // the whole sweep again: every answer is the one a shard kept, found under the same hash
        SweepResult whole = Sweep.run(plan, 1, 1, checker, s, (e, d, n) -> { });
        assertTrue(whole.entries().stream().allMatch(e -> Boolean.TRUE.equals(e.backends().get("tlc").get("cached"))),
                "the unsharded sweep finds every shard's answer in the cache");
        assertEquals(24, merged.entries().size());
        assertTrue(merged.missing().isEmpty() && merged.uncovered().isEmpty());
        for (int i = 0; i < 24; i++) {
            assertEquals(whole.entries().get(i).verdict(), merged.entries().get(i).verdict());
            assertEquals(whole.entries().get(i).name(), merged.entries().get(i).name());
        }
        assertTrue(merged.rule().separates(), merged.rule().summary());
        assertEquals(whole.rule().text(), merged.rule().text());
        assertEquals(0, merged.mergeExitCode());
        assertTrue(merged.rule().safe() > 0 && merged.rule().lost() > 0, merged.rule().summary());

        // the rule against the catalog: each variant that is today's kernel but for its harvest order
        Variant today = dirtyproof.family.Families.get("get-log").defaults("today");
        int checked = 0;
        for (Variant v : VariantLoader.load(List.of(TlcCatalogTest.variantsDir().resolve("get-log")))) {
            Map<String, Object> k = SweepCache.canonical(v);
            Map<String, Object> t = SweepCache.canonical(today.withBounds(v.bounds()));
            k.remove("harvest");
            t.remove("harvest");
            k.remove("mmu-lock");
            t.remove("mmu-lock");
            if (!Objects.equals(Json.write(k), Json.write(t)) || v.expect() == null
                    || !Objects.equals(java.util.Set.copyOf((List<?>) v.keys().get("mmu-lock")),
                    java.util.Set.copyOf((List<?>) today.keys().get("mmu-lock")))
                    || ((List<?>) v.keys().get("harvest")).size() != 4) {
                continue;
            }
            boolean safe = merged.rule().conditions().stream().allMatch((Condition c) -> c.holds(v.keys()));
            assertEquals(v.expect() == Expect.SAFE, safe, v.name() + ": the rule '" + merged.rule().text()
                    + "' says " + (safe ? "safe" : "lost-write"));
            checked++;
        }
        assertTrue(checked >= 4, "only " + checked + " catalog variants are harvest orders of today's kernel");
    }
}
