package dirtyproof.lincheck;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

import java.util.List;

/**
 * The verifier of the protocol model check: a migration has no sequential specification to compare
 * results with (its operations return nothing), so any normal result is accepted. An operation that threw
 * is not: Lincheck 3.7 hands exceptions to the verifier as results, and accepting them would turn a crash
 * of the implementation into SAFE. Rejecting them makes Lincheck report the failure (with the exception),
 * which the back-end reports as INCONCLUSIVE. The property itself is checked by the validation function
 * ({@link ProtocolModel#noLostWrite()}).
 */
public final class AnyResults implements Verifier {

    public AnyResults(Class<?> sequentialSpecification) {
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
        if (threw(result.getInitResults()) || threw(result.getPostResults())) {
            return false;
        }
        for (List<ResultWithClock> thread : result.getParallelResultsWithClock()) {
            for (ResultWithClock r : thread) {
                if (r.getResult() instanceof ExceptionResult) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean threw(List<LincheckResult> results) {
        for (LincheckResult r : results) {
            if (r instanceof ExceptionResult) {
                return true;
            }
        }
        return false;
    }
}
