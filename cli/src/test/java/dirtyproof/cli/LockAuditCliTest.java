package dirtyproof.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock audit through the command line, with TLC really run: a change of mmu-lock-kind alone is shown to
 * be latency only (the baseline checked too, the same state count), and --audit-locks lists each lock
 * section of a safe variant with TLC's answer for the variant without it.
 */
class LockAuditCliTest {

    @Test
    void aMutexIsLatencyOnlyWithTheBaselinesStateCount() {
        MainTest.Result r = MainTest.run("check", MainTest.catalog().resolve("get-log/mutex-mmu-lock.yaml").toString(),
                "--backend", "tlc");
        assertEquals(0, r.code(), r.out() + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("SAFE +\\((\\d+) states").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(r.out().contains("latency only: same exclusion") && r.out().contains("TLC finds " + m.group(1)
                + " distinct states, exactly as many as the same variant with mmu-lock-kind: spinlock"), r.out());
    }

    @Test
    void theAuditOfTheTdpMmuSaysTheSlowPathNeedsItsLock() {
        MainTest.Result r = MainTest.run("check", "--protocol", "get-log", "--name", "tdp-one-vcpu",
                "--fault-path", "mixed", "--key", "fault-lock=shared", "--key", "mmu-lock-kind=rwlock",
                "--key", "flush-when=bits-consumed", "--bounds", "pages=2,pages-per-word=2,vcpus=1,writes=2,rounds=1",
                "--expect", "safe", "--backend", "tlc", "--audit-locks");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("lock audit (TLC; each lock section dropped in turn):"), r.out());
        assertTrue(r.out().matches("(?s).*mmu-lock: snapshot-clear +(not needed|needed) .*"), r.out());
        assertTrue(r.out().matches("(?s).*mmu-lock: write-protect +(not needed|needed) .*"), r.out());
        assertTrue(r.out().matches("(?s).*fault path \\(slow path\\) +needed +without it a write is lost \\(page p\\d.*"),
                r.out());
        assertTrue(!r.out().contains("latency only"), "rwlock is used shared here: no latency-only claim\n" + r.out());
    }

    @Test
    void theAuditNeedsTlc() {
        MainTest.Result r = MainTest.run("check", MainTest.catalog().resolve("get-log/kernel-today.yaml").toString(),
                "--backend", "lincheck", "--audit-locks");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--audit-locks asks TLC"), r.err());
    }
}
