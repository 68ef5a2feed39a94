package dirtyproof.backend;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

/**
 * What every back-end is given besides the variant.
 *
 * @param home    the dirtyproof checkout (where specs/, stress-tests/target/ are); system property
 *                {@code dirtyproof.home}, set by the ./dirtyproof launcher, else the working directory
 * @param workDir a directory the back-end may write into (TLC metadirs, jcstress results): by default
 *                {@code <home>/target/dirtyproof-work}, or the user's own under java.io.tmpdir when that one
 *                cannot be written or has whitespace in its path ({@link WorkDirs#defaultBase})
 * @param timeout the most one variant may take in this back-end; past it the verdict is INCONCLUSIVE
 * @param extra   back-end specific knobs, e.g. {@code jcstress.mode=sanity}
 */
public record BackendOptions(Path home, Path workDir, Duration timeout, Map<String, String> extra) {

    public BackendOptions {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The checkout the process runs from: -Ddirtyproof.home, else the working directory. */
    public static Path defaultHome() {
        String h = System.getProperty("dirtyproof.home");
        return (h == null || h.isBlank() ? Paths.get("") : Paths.get(h)).toAbsolutePath().normalize();
    }

    public static BackendOptions defaults() {
        Path home = defaultHome();
        return new BackendOptions(home, WorkDirs.defaultBase(home), Duration.ofMinutes(5), Map.of());
    }

    public String extra(String key, String dflt) {
        return extra.getOrDefault(key, dflt);
    }

    public BackendOptions withTimeout(Duration t) {
        return new BackendOptions(home, workDir, t, extra);
    }

    public BackendOptions withExtra(Map<String, String> e) {
        return new BackendOptions(home, workDir, timeout, e);
    }
}
