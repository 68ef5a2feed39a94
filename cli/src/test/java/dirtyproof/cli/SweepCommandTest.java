package dirtyproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dirtyproof sweep and merge: the table, the rule, the JSON, shards, exit codes, bad input (with FakeBackend). */
class SweepCommandTest {

    @AfterEach
    void reset() {
        FakeBackend.ANSWERS.clear();
    }

    @Test
    void sweepPrintsTheTableAndTheRuleAndShardsMergeToIt(@TempDir Path dir) throws Exception {
        // get-log-01 is clear-op xchg, get-log-02 load-store (the order of ClearOp): the latter loses a write
        FakeBackend.ANSWERS.put("fake/get-log-01", FakeBackend.Answer.PROVED);
        FakeBackend.ANSWERS.put("fake/get-log-02", FakeBackend.Answer.LOST);
        MainTest.Result r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--backend", "fake",
                "--no-cache", "--json", dir.resolve("all.json").toString(), "--markdown", dir.resolve("all.md").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("load-store") && r.out().contains("lost-write"), r.out());
        assertTrue(r.out().contains("rule: safe exactly when clear-op = xchg"), r.out());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("all.json").toFile());
        assertEquals("clear-op = xchg", j.get("rule").asText());
        assertEquals(2, j.get("variants").size());
        JsonNode v = j.get("variants").get(1);
        assertEquals("get-log-02", v.get("name").asText());
        assertEquals("load-store", v.get("variant").get("clear-op").asText());
        assertEquals("lost-write", v.get("verdict").asText());
        assertEquals("UNSAFE", v.get("backends").get("fake").get("verdict").asText());
        // each back-end's answer as check --json writes it
        assertTrue(v.get("backends").get("fake").get("replayed").asBoolean(), v.toString());
        assertEquals("lost-write", v.get("backends").get("fake").get("standing").asText());
        JsonNode safe = j.get("variants").get(0);
        assertEquals("safe", safe.get("verdict").asText());
        assertTrue(safe.get("backends").get("fake").get("exhaustive").asBoolean());
        assertEquals("safe", safe.get("backends").get("fake").get("standing").asText());
        assertTrue(Files.readString(dir.resolve("all.md")).contains("**Rule:**"));

        for (String k : new String[] {"1", "2"}) {
            MainTest.Result s = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--backend", "fake",
                    "--no-cache", "--shard", k + "/2", "--json", dir.resolve("s" + k + ".json").toString());
            assertEquals(k.equals("1") ? 0 : 1, s.code(), s.out() + s.err()); // shard 2 alone: nothing safe, no rule
        }
        MainTest.Result m = MainTest.run("merge", dir.resolve("s1.json").toString(), dir.resolve("s2.json").toString(),
                "--json", dir.resolve("merged.json").toString());
        assertEquals(0, m.code(), m.out() + m.err());
        assertEquals("clear-op = xchg", new ObjectMapper().readTree(dir.resolve("merged.json").toFile()).get("rule").asText());
        MainTest.Result half = MainTest.run("merge", dir.resolve("s1.json").toString());
        assertEquals(3, half.code(), half.out());
        assertTrue(half.out().contains("in no shard given"), half.out());
    }

    @Test
    void aSweepWithOnlySamplingAnswersDerivesNoRule() {
        // no-lost-write-found is no proof: the combinations stay unresolved and the sweep is inconclusive
        FakeBackend.ANSWERS.put("fake/get-log-02", FakeBackend.Answer.LOST);
        MainTest.Result r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--backend", "fake",
                "--no-cache");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("no-lost-write-found"), r.out());
    }

    @Test
    void anInconclusiveCombinationExitsThree() {
        FakeBackend.ANSWERS.put("fake/get-log-01", FakeBackend.Answer.PROVED);
        FakeBackend.ANSWERS.put("fake/get-log-02", FakeBackend.Answer.INCONCLUSIVE);
        MainTest.Result r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--backend", "fake",
                "--no-cache");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("inconclusive"), r.out());
    }

    @Test
    void badInputExitsTwo(@TempDir Path dir) throws Exception {
        MainTest.Result r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "harvest-ordre", "--backend", "fake");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--vary") && r.err().contains("harvest-order"), r.err());
        r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--shard", "3/2", "--backend", "fake");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--shard"), r.err());
        r = MainTest.run("sweep", "--protocol", "get-log", "--vary", "clear-op", "--backend", "nope");
        assertEquals(2, r.code(), r.err());
        r = MainTest.run("tlc-worker", "127.0.0.1", "--threads", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--threads"), r.err());
        r = MainTest.run("tlc-worker");
        assertEquals(2, r.code(), r.err());
        Path notSweep = dir.resolve("x.json");
        Files.writeString(notSweep, "{\"variants\": []}");
        r = MainTest.run("merge", notSweep.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("x.json"), r.err());
    }
}
