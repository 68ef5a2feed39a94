package dirtyproof.backend;

import dirtyproof.variant.Variant;

/**
 * A way of deciding whether a variant can lose a write: TLC on the TLA+ spec, Lincheck or jcstress on the
 * Java implementation (DESIGN.md §4). Implementations register themselves with
 * {@code META-INF/services/dirtyproof.backend.Backend}; the CLI finds them with {@link java.util.ServiceLoader}.
 *
 * <p>Fail closed: {@link #check} never throws for a tool failure and never answers SAFE unless the tool
 * ran to completion. A crash, a timeout, a test that did not run, output that could not be parsed: each is
 * INCONCLUSIVE with the reason.
 */
public interface Backend {

    /** tlc, lincheck or jcstress: the name used by --backend and in reports. */
    String name();

    /** Checks one variant. */
    BackendResult check(Variant variant, BackendOptions options);
}
