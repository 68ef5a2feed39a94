package dirtyproof.lincheck;

import dirtyproof.family.Families;
import dirtyproof.family.Scenario;
import dirtyproof.variant.Variant;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LincheckScenariosTest {

    @Test
    void aScenarioBecomesALincheckScenarioWithOneThreadPerActorAndItsInitAndPostParts() {
        Variant k = Families.get("get-log").defaults("k");
        Scenario p = k.family().scenarios(k).stream()
                .filter(x -> !x.init().isEmpty() && x.threads().size() == 2 && !x.post().isEmpty())
                .findFirst().orElseThrow();
        ExecutionScenario s = LincheckScenarios.scenario(p);
        assertEquals(p.init().size(), s.getInitExecution().size());
        assertEquals(2, s.getParallelExecution().size());
        assertEquals(p.threads().get(0).size(), s.getParallelExecution().get(0).size());
        assertEquals(p.threads().get(1).size(), s.getParallelExecution().get(1).size());
        assertEquals(p.post().size(), s.getPostExecution().size());
    }
}
