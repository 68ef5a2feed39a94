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
 * Slot 4 of a jcstress batch: {@link ProtocolRace}'s test on the variant of {@code -Ddirtyproof.variant.4} (races
 * and traces from the same properties suffixed {@code .4}). Why the class exists: one harness run stresses several
 * variants only as several tests, and jcstress's annotation processor builds a test from a class's own annotated
 * methods, so each slot declares its annotations and hands everything to {@link RaceSample}. Not named
 * ProtocolRace4: jcstress's {@code -t ProtocolRace} matches anywhere in a name and would select it.
 */
@JCStressTest
@Description("slot 4 of a batch: ProtocolRace on the variant of -D" + VariantHolder.PROPERTY + ".4")
@Outcome(id = "0, .*", expect = ACCEPTABLE, desc = RaceSample.NO_LOST_WRITE)
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = RaceSample.LOST_WRITE)
@State
public class RaceSlot4 extends RaceSample {

    public RaceSlot4() {
        super(4);
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
