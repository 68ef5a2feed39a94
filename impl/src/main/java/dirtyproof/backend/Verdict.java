package dirtyproof.backend;

/** What one back-end concluded about one variant (DESIGN.md §4). */
public enum Verdict {
    /** Ran to completion and found no lost write within what it explored. */
    SAFE,
    /** Found a lost write; the result carries the counterexample. */
    UNSAFE,
    /** Did not run to completion (tool failure, timeout, no test ran, parse failure): never read as safe. */
    INCONCLUSIVE
}
