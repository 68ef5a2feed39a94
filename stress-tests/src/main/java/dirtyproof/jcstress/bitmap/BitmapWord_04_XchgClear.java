package dirtyproof.jcstress.bitmap;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    How to run this test:
       $ mvn -pl stress-tests package
       $ cd stress-tests/target && java -jar jcstress.jar -t BitmapWord_04 -m quick
 */

/**
 * The fix for BitmapWord_03, what kvm_get_dirty_log_protect does today: {@code mask = xchg(&dirty_bitmap[i], 0)}
 * ({@code Machine.xchg}, clear-op: xchg) takes the word and clears it in one atomic step. A concurrent set_bit
 * lands either before it (reported now) or after it (kept for the next harvest); a bit in neither is FORBIDDEN.
 *
 * <p>Result: (snapshot, word after both).
 */
@JCStressTest
@Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "p1 marked before the xchg: the snapshot reports it")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "p1 marked after the xchg: the bitmap keeps it for the next harvest")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "p1's mark vanished: the clear is not atomic")
@State
public class BitmapWord_04_XchgClear {

    private final BitmapWord word = new BitmapWord();
    private long snap;

    public BitmapWord_04_XchgClear() {
        word.setBit(BitmapWord.P0);
    }

    @Actor
    public void harvesterClears() {
        snap = word.clearXchg();
    }

    @Actor
    public void hostMarksP1() {
        word.setBit(BitmapWord.P1);
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        r.r1 = snap;
        r.r2 = word.word();
    }
}
