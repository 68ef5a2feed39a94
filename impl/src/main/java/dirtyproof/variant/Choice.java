package dirtyproof.variant;

/** An enum whose constants are spelled in variant files by {@link #id()}. */
public interface Choice {
    String id();
}
