package dirtyproof.family;

import java.util.Map;

/** The keys of a variant that belong to its protocol family (get-log's harvest, mmu-lock, clear-op, ...). */
public interface FamilyConfig {

    /** The keys as a variant file writes them, in documented order; values are strings, booleans, numbers, lists. */
    Map<String, Object> keys();
}
