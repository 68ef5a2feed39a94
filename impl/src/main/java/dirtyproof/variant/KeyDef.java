package dirtyproof.variant;

import java.util.List;

/**
 * What values one variant key takes, as the code that reads it says: the choices of {@code clear-op}, the steps
 * {@code harvest} may list, that {@code mmu-lock} lists steps of {@code harvest}. A {@link KeyReader} records
 * one for every key it reads ({@link KeyReader#recorded}), so every family's keys -- and the shared machine keys
 * -- are described by the code that validates them, with no second list to keep in step
 * ({@link VariantLoader#keyDefs}). {@code dirtyproof sweep} enumerates them.
 *
 * @param key    the key as variant files spell it
 * @param kind   what kind of value it takes
 * @param values CHOICE: the valid choices; BOOLEAN: true, false; STEPS and SCOPE: every step the list may
 *               name, in documented order; NUMBER: the smallest and the largest value
 * @param within SCOPE: the key whose steps this key's list is drawn from (mmu-lock: harvest); else null
 */
public record KeyDef(String key, Kind kind, List<String> values, String within) {

    /** The kinds of value a key takes. */
    public enum Kind {
        /** One of a fixed set of words (fault-path: fast | locked). */
        CHOICE,
        /** true or false. */
        BOOLEAN,
        /** A list of steps in an order (harvest, fault-order); which lists are valid is the reader's to say. */
        STEPS,
        /** A set of the steps another key lists (mmu-lock: the harvest steps done under mmu_lock). */
        SCOPE,
        /** A whole number in a range. */
        NUMBER
    }

    public KeyDef {
        values = List.copyOf(values);
    }

    /** One line for messages and help: the key and what it takes. */
    public String describe() {
        switch (kind) {
            case CHOICE:
                return key + ": " + String.join(" | ", values);
            case BOOLEAN:
                return key + ": true | false";
            case STEPS:
                return key + ": a list of " + String.join(", ", values);
            case SCOPE:
                return key + ": a subset of the steps of " + within;
            default:
                return key + ": a number in " + values.get(0) + ".." + values.get(1);
        }
    }
}
