package dirtyproof.jcstress.bitmap;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/*
    How to run this test:
       $ mvn -pl stress-tests package
       $ cd stress-tests/target && java -jar jcstress.jar -t BitmapWord_01 -m quick
 */

/**
 * The first lesson of the dirty bitmap: two pages share a word, so two writers marking two different pages
 * write the same memory. {@code __set_bit} (set-op: non-atomic) is a load and a store; when the two marks
 * interleave as load, load, store, store, the second store writes back a word read before the first store and
 * wipes its bit. In KVM that page is then writable and clean: the next harvest does not report it and its
 * write is lost (catalog variant nonatomic-set-host: a host write beside a fault path).
 *
 * <p>The wiped bit is the known defect this test exists to show, so it is INTERESTING, not forbidden: on a
 * multi-core machine jcstress should observe it. The next test shows the fix.
 */
@JCStressTest
@Outcome(id = "3", expect = ACCEPTABLE, desc = "both marks landed: p0 and p1 are dirty")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING,
        desc = "p1's bit wiped: vCPU stored a stale word over the host's mark (p1 would be written and never sent)")
@Outcome(id = "2", expect = ACCEPTABLE_INTERESTING,
        desc = "p0's bit wiped: host stored a stale word over the vCPU's mark (p0 would be written and never sent)")
@State
public class BitmapWord_01_NonAtomicSetBit {

    private final BitmapWord word = new BitmapWord();

    @Actor
    public void vcpuMarksP0() {
        word.setBitNonAtomic(0, BitmapWord.P0);
    }

    @Actor
    public void hostMarksP1() {
        word.setBitNonAtomic(1, BitmapWord.P1);
    }

    @Arbiter
    public void arbiter(J_Result r) {
        r.r1 = word.word();
    }
}
