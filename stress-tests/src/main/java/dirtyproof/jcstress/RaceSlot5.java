package dirtyproof.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Slot 5 of a jcstress batch: {@link ProtocolRace}'s test on the variant of {@code -Ddirtyproof.variant.5} (races
 * and traces from the same properties suffixed {@code .5}). Why the class exists: one harness run stresses several
 * variants only as several tests, and jcstress's annotation processor builds a test from a class's own annotated
 * methods, so each slot declares its annotations and hands everything to {@link RaceSample}. Not named
 * ProtocolRace5: jcstress's {@code -t ProtocolRace} matches anywhere in a name and would select it.
 */
@JCStressTest
@Description("slot 5 of a batch: ProtocolRace on the variant of -D" + VariantHolder.PROPERTY + ".5")
@Outcome(id = "0, .*", expect = ACCEPTABLE, desc = RaceSample.NO_LOST_WRITE)
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = RaceSample.LOST_WRITE)
@State
public class RaceSlot5 extends RaceSample {

    public RaceSlot5() {
        super(5);
    }

    @Actor
    public void first() {
        runFirst();
    }

    @Actor
    public void second() {
        runSecond();
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        judge(r);
    }
}
