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
        this.several = null;
    }

    /** Several bad variants at once: one line each, in the order found ({@link #errors} lists them). */
    public static VariantException all(java.util.List<VariantException> errors) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        VariantException e = new VariantException(errors.stream().map(Throwable::getMessage)
                .collect(java.util.stream.Collectors.joining("\n")), errors);
        return e;
    }

    /** The errors this one stands for: itself, or each of several ({@link #all}). */
    public java.util.List<VariantException> errors() {
        return several == null ? java.util.List.of(this) : several;
    }

    private final java.util.List<VariantException> several;

    private VariantException(String message, java.util.List<VariantException> errors) {
        super(message);
        this.origin = errors.get(0).origin;
        this.key = errors.get(0).key;
        this.problem = errors.get(0).problem;
        this.several = java.util.List.copyOf(errors);
    }

    /** The same error, naming the key as a command-line option ("option 'harvest'") or a file key. */
    public VariantException withWhat(String what) {
        return new VariantException(origin, key, problem, what);
    }
}
