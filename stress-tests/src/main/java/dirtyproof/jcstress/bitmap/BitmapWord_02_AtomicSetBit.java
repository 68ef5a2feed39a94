package dirtyproof.jcstress.bitmap;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    How to run this test:
       $ mvn -pl stress-tests package
       $ cd stress-tests/target && java -jar jcstress.jar -t BitmapWord_02 -m quick
 */

/**
 * The fix for BitmapWord_01: {@code set_bit} (set-op: atomic, what mark_page_dirty does today) is one atomic
 * read-modify-write of the word ({@code Machine.set_bit}: a compare-and-set loop). Whatever the interleaving,
 * both bits end up set; a wiped bit is FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "3", expect = ACCEPTABLE, desc = "both marks landed: p0 and p1 are dirty")
@Outcome(id = {"1", "2"}, expect = FORBIDDEN, desc = "a bit was wiped: set_bit is not atomic")
@State
public class BitmapWord_02_AtomicSetBit {

    private final BitmapWord word = new BitmapWord();

    @Actor
    public void vcpuMarksP0() {
        word.setBit(BitmapWord.P0);
    }

    @Actor
    public void hostMarksP1() {
        word.setBit(BitmapWord.P1);
    }

    @Arbiter
    public void arbiter(J_Result r) {
        r.r1 = word.word();
    }
}
