package dirtyproof.lincheck;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

/**
 * The verifier of the protocol model check: a migration has no sequential specification to compare
 * results with (its operations return nothing), so every result is accepted here. The property is checked
 * by the validation function ({@link ProtocolModel#noLostWrite()}); an exception thrown by an operation is
 * still a failure, reported by Lincheck itself.
 */
public final class AnyResults implements Verifier {

    public AnyResults(Class<?> sequentialSpecification) {
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
        return true;
    }
}
