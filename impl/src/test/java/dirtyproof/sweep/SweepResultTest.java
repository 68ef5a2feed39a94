package dirtyproof.sweep;

import dirtyproof.model.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's JSON read back, and shards merged, without running a back-end (SweepTlcTest runs TLC). */
class SweepResultTest {

    /** The 24 orders with made-up verdicts (safe: snapshot-clear first), split into shard k of n. */
    static SweepResult shard(int k, int n) {
        SweepPlan p = SweepPlan.of("get-log", List.of("harvest-order"), Map.of());
        List<SweepResult.Entry> es = new ArrayList<>();
        for (SweepPlan.Combination c : p.shard(k, n)) {
            List<?> h = (List<?>) c.values().get("harvest");
            Map<String, Map<String, Object>> b = new LinkedHashMap<>();
            es.add(new SweepResult.Entry(c.index(), c.name(), c.variant().keys(),
                    h.get(0).equals("snapshot-clear") ? "safe" : "lost-write", b));
        }
        return SweepResult.of(p.protocol(), p.vary(), p.variedKeys(), p.fixed(), p.combinations().size(),
                List.of(k + "/" + n), es, Map.of());
    }

    @Test
    void jsonReadsBackAndShardsMergeToTheWholeSweep() {
        SweepResult whole = shard(1, 1);
        SweepResult a = SweepResult.fromMap(Json.read(shard(1, 3).json()), "a");
        SweepResult b = SweepResult.fromMap(Json.read(shard(2, 3).json()), "b");
        SweepResult c = SweepResult.fromMap(Json.read(shard(3, 3).json()), "c");
        SweepResult merged = SweepResult.merge(List.of(c, a, b));
        assertEquals(whole.rule().text(), merged.rule().text());
        assertTrue(merged.rule().separates());
        assertEquals(24, merged.entries().size());
        assertEquals(whole.toMap().get("variants"), Json.read(Json.write(merged.toMap().get("variants"))));
        assertEquals(0, merged.mergeExitCode());
        // two of three shards: the rest is missing, and the merge says so (exit 3)
        SweepResult part = SweepResult.merge(List.of(a, b));
        assertEquals(8, part.uncovered().size());
        assertEquals(0, part.missing().size());
        assertEquals(3, part.mergeExitCode());
    }

    @Test
    void filesOfDifferentSweepsDoNotMerge() {
        SweepPlan p = SweepPlan.of("get-log", List.of("harvest-subset"), Map.of());
        SweepResult other = SweepResult.of(p.protocol(), p.vary(), p.variedKeys(), p.fixed(), p.combinations().size(),
                List.of("1/1"), List.of(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepResult.merge(List.of(shard(1, 2), other)));
        assertTrue(e.getMessage().contains("vary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SweepResult.fromMap(Json.read("{\"variants\": []}"), "x"));
    }
}
