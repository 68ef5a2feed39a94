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

/*
    How to run this test (the variant is chosen at run time, one class serves every variant of every family):

       $ mvn -pl stress-tests package
       $ cd stress-tests/target
       $ java -jar jcstress.jar -t ProtocolRace -m sanity \
              -jvmArgsPrepend "-Ddirtyproof.variant=$PWD/../../variants/get-log/no-flush.yaml"

    or, with the verdict, the counts and a losing trace: ./dirtyproof check variants/get-log/no-flush.yaml --backend jcstress
 */

/**
 * A variant's protocol on real threads: one migration per sample (its family's {@code start}), two actors racing
 * one of the family's generated scenarios with two threads ({@link RaceScenarios}), everything else of the
 * scenario run before (the state constructor: its init) or after (the arbiter: its post, then the final round and
 * the oracle NoLostWrite).
 *
 * <p>The variant comes from the system property {@value VariantHolder#PROPERTY} (a YAML file written with
 * {@code VariantLoader.toYaml}); the jcstress back-end passes it to the forked JVMs. Without it the test
 * errors out (never passes silently).
 *
 * <p>Samples rotate through the races, so that every pair of concurrent actors the family has (vCPU × vCPU,
 * vCPU × host, vCPU × migration side, host × migration side) gets its share: the races and their order are a
 * function of the variant alone, so the back-end names a losing race by its number. A writer's thread repeats its
 * operations {@code burst} times (the variant's writes bound raised to fit); a <em>primed</em> race has its first
 * guest write's store taken in the state constructor, so that the fault path it enters races the other thread
 * from its first step.
 *
 * <p>With {@code fault-path: mixed} the generated scenarios hold writes whose faults take the slow path as well
 * as fast ones (a primed fault picks one of the two enabled first steps at random); with {@code aging: true}
 * the aging actor is one more actor whose access-tracking steps race the others like any writer's.
 *
 * <p>Both actors meet at a per-sample gate before their first step: jcstress runs each actor over many
 * samples in a row, and actors of different lengths would otherwise drift apart and race other samples'
 * machines. The gate, the priming and the bursts only make the windows likelier; the protocol steps, their
 * atomicity and the oracle are the implementation's own.
 *
 * <p>This is slot 0 of a batch: the logic is {@link RaceSample}'s, shared with {@code RaceSlot1..7}, the same test
 * on the variant of {@code -Ddirtyproof.variant.k} (slot k), so that one jcstress run stresses up to eight
 * variants, each its own test with its own table (the jcstress back-end's {@code checkAll}).
 */
@JCStressTest
@Description("a protocol on real threads: can a guest write be lost during live migration? (variant from -D"
        + VariantHolder.PROPERTY + ")")
@Outcome(id = "0, .*", expect = ACCEPTABLE, desc = RaceSample.NO_LOST_WRITE)
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = RaceSample.LOST_WRITE)
@State
public class ProtocolRace extends RaceSample {

    public ProtocolRace() {
        super(0);
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
