package dirtyproof.lincheck;

import dirtyproof.family.Families;
import dirtyproof.family.Scenario;
import dirtyproof.variant.Variant;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LincheckScenariosTest {

    @Test
    void aScenarioBecomesALincheckScenarioWithOneThreadPerActor() {
        Variant k = Families.get("get-log").defaults("k");
        Scenario p = k.family().scenarios(k).stream().filter(x -> x.name().equals("dirty-refill")).findFirst().orElseThrow();
        ExecutionScenario s = LincheckScenarios.scenario(p);
        assertEquals(1, s.getInitExecution().size());
        assertEquals(2, s.getParallelExecution().size());
        assertEquals(2, s.getParallelExecution().get(0).size());
        assertEquals(1, s.getParallelExecution().get(1).size());
    }
}
