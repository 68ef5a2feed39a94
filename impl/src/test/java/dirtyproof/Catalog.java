package dirtyproof;

import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

/** The catalog of variants/, as the tests of every module see it. */
public final class Catalog {

    private Catalog() {
    }

    /** The variants/ folder of this checkout, found from the module's working directory. */
    public static Path folder() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("variants")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("variants");
            }
        }
        throw new IllegalStateException("no variants/ folder above " + Paths.get("").toAbsolutePath());
    }

    public static List<Variant> all() {
        return VariantLoader.load(List.of(folder()));
    }

    public static Variant get(String name) {
        return all().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no catalog variant " + name));
    }

    public static List<Variant> unsafe() {
        return all().stream().filter(v -> v.expect() == Expect.LOST_WRITE).collect(Collectors.toList());
    }

    public static List<Variant> safe() {
        return all().stream().filter(v -> v.expect() == Expect.SAFE).collect(Collectors.toList());
    }

    /** The variants of one protocol family. */
    public static List<Variant> of(String protocol) {
        return all().stream().filter(v -> v.protocol().equals(protocol)).collect(Collectors.toList());
    }

    /** The unsafe variants of one protocol family. */
    public static List<Variant> unsafe(String protocol) {
        return of(protocol).stream().filter(v -> v.expect() == Expect.LOST_WRITE).collect(Collectors.toList());
    }

    /** The safe variants of one protocol family. */
    public static List<Variant> safe(String protocol) {
        return of(protocol).stream().filter(v -> v.expect() == Expect.SAFE).collect(Collectors.toList());
    }

    /** System property: {@code true} runs every catalog variant under the sampling back-ends' tests. */
    public static final String FULL = "dirtyproof.catalog.full";
    /** Safe variants the sampling back-ends' tests run a day when not {@link #FULL}. */
    public static final int SAFE_PER_DAY = 2;

    /**
     * What the Java back-ends' catalog tests run within the CI budget: every unsafe variant of every modelled
     * family (each is a test of the checker: a back-end that stops finding it has broken) and, of the safe ones,
     * {@value #SAFE_PER_DAY} a day, taken in turn from the list of every family's safe variants (family by family)
     * so that each is run every few weeks; all of them with {@code -Ddirtyproof.catalog.full=true}. A safe
     * variant costs a sampling back-end its whole budget (Lincheck explores every scenario, jcstress samples for its
     * full time), an unsafe one usually stops at its first lost write. TLC's catalog tests run every variant.
     */
    public static List<Variant> forSamplingBackends(List<Variant> catalog) {
        boolean full = Boolean.getBoolean(FULL);
        List<Variant> safe = new java.util.ArrayList<>();
        List<Variant> r = new java.util.ArrayList<>();
        for (Variant v : catalog) {
            if (!v.family().modelled() || v.expect() == null) {
                continue;
            }
            if (v.expect() == Expect.LOST_WRITE || full) {
                r.add(v);
            } else {
                safe.add(v);
            }
        }
        safe.sort(java.util.Comparator.comparing(Variant::protocol).thenComparing(Variant::name));
        long day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
        for (int k = 0; k < Math.min(SAFE_PER_DAY, safe.size()); k++) {
            r.add(safe.get((int) ((day * SAFE_PER_DAY + k) % safe.size())));
        }
        return r;
    }
}
