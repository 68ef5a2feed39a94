package dirtyproof.variant;

/**
 * A variant that cannot be used, with where (the file, or "command line"), which key, what was wrong and,
 * where there is a closed set, the valid choices. The CLI prints {@link #getMessage()} and exits 2.
 */
public final class VariantException extends RuntimeException {
    public final String origin;
    public final String key;

    private final String problem;

    public VariantException(String origin, String key, String problem) {
        this(origin, key, problem, "key");
    }

    private VariantException(String origin, String key, String problem, String what) {
        super(origin + (key == null ? "" : ": " + what + " '" + (what.equals("option") ? "--" : "") + key + "'") + ": " + problem);
        this.origin = origin;
        this.key = key;
        this.problem = problem;
    }

    /** The same error, naming the key as a command-line option ("option 'harvest'") or a file key. */
    public VariantException withWhat(String what) {
        return new VariantException(origin, key, problem, what);
    }
}
