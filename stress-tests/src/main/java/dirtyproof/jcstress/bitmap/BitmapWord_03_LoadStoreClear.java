package dirtyproof.jcstress.bitmap;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/*
    How to run this test:
       $ mvn -pl stress-tests package
       $ cd stress-tests/target && java -jar jcstress.jar -t BitmapWord_03 -m quick
 */

/**
 * The second lesson, on the harvester's side: even with an atomic set_bit (BitmapWord_02), the harvest must
 * take the word and clear it in one step. Before 2012 it read the word into the snapshot, then stored zero
 * (clear-op: load-store). p0 is dirty already; a writer marks p1 meanwhile. If the mark lands between the load
 * and the store, it is in neither the snapshot nor the bitmap: the page is never reported (catalog variants
 * load-store-clear-host and load-store-clear-fast; safe only when every setter holds mmu_lock, as the
 * harvester does, load-store-clear-locked).
 *
 * <p>Result: (snapshot, word after both). The vanished bit is the known defect, INTERESTING here.
 */
@JCStressTest
@Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "p1 marked before the load: the snapshot reports it")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "p1 marked after the store: the bitmap keeps it for the next harvest")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "p1 marked between the load and the store: in neither snapshot nor bitmap, its write would be lost")
@State
public class BitmapWord_03_LoadStoreClear {

    private final BitmapWord word = new BitmapWord();
    private long snap;

    public BitmapWord_03_LoadStoreClear() {
        word.setBit(BitmapWord.P0);
    }

    @Actor
    public void harvesterClears() {
        snap = word.clearLoadStore();
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
