package dirtyproof.family;

import dirtyproof.variant.VariantException;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine key that needs the family's part (the slow path and aging in its TLA+ module, the harvest lock and
 * the conditional flush in its harvester) is rejected for a family that does not have that part, rather than
 * honoured by one back-end and ignored by another. The test family has none of them; get-log has all.
 */
class FamilyPartKeysTest {

    static String seen(String extra) {
        return "name: t\nprotocol: " + SeenFamily.ID + "\n" + extra;
    }

    @Test
    void aFamilyWithoutTheLockPartRejectsItsKeys() {
        for (String[] k : new String[][] {{"harvest-lock: shared\nmmu-lock-kind: rwlock\n", "harvest-lock"},
                {"fault-path: mixed\n", "fault-path"}, {"aging: true\n", "aging"},
                {"flush-when: bits-consumed\n", "flush-when"}, {"fault-path: locked\nfault-lock: none\n", "fault-lock"}}) {
            VariantException e = assertThrows(VariantException.class, () -> VariantLoader.parse(seen(k[0]), "test", null));
            assertTrue(e.getMessage().startsWith("test: key '" + k[1] + "': "), e.getMessage());
            assertTrue(e.getMessage().contains("which protocol " + SeenFamily.ID + " does not model yet")
                    && e.getMessage().contains("use a protocol that models it: get-log"), e.getMessage());
        }
    }

    @Test
    void theDefaultsAndMmuLockKindAreAcceptedEverywhere() {
        assertEquals("mutex", VariantLoader.parse(seen("mmu-lock-kind: mutex\nfault-lock: exclusive\n"), "test", null)
                .machine().mmuLockKind().id());
        assertTrue(VariantLoader.parse("name: t\nprotocol: get-log\nharvest-lock: shared\nmmu-lock-kind: rwlock\n",
                "test", null).machine().sharedLocking());
    }
}
