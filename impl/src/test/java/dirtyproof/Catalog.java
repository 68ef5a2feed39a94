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
}
