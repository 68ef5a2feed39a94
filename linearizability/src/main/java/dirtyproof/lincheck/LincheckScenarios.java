package dirtyproof.lincheck;

import dirtyproof.family.Op;
import dirtyproof.family.Scenario;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A family's {@link Scenario} as a Lincheck custom scenario: the init part, one Lincheck thread per scenario
 * thread, no post part; every operation is {@link ProtocolModel#perform} of one {@link Op}. The scenarios
 * themselves come from the family ({@link dirtyproof.family.Family#scenarios}): each actor's whole program
 * within the variant's bounds, with the migration side's live rounds on a thread of its own.
 */
final class LincheckScenarios {

    private LincheckScenarios() {
    }

    static ExecutionScenario scenario(Scenario s) {
        List<Actor> init = new ArrayList<>();
        for (Op op : s.init()) {
            init.add(actor(op));
        }
        List<List<Actor>> parallel = new ArrayList<>();
        for (List<Op> t : s.threads()) {
            List<Actor> actors = new ArrayList<>();
            for (Op op : t) {
                actors.add(actor(op));
            }
            parallel.add(actors);
        }
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor actor(Op op) {
        return new Actor(PERFORM, new ArrayList<Object>(List.of(op.actor(), op.action(), op.arg())));
    }

    private static final Method PERFORM;

    static {
        try {
            PERFORM = ProtocolModel.class.getMethod("perform", String.class, String.class, int.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
