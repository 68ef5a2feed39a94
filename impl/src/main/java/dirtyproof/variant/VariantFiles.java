package dirtyproof.variant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The variant files a check is given: folders walked, each file read once, every bad one reported. */
final class VariantFiles {

    private VariantFiles() {
    }

    /**
     * Every variant file under the paths: a file is read as it is, a folder for its *.yaml and *.yml files
     * (a dangling link or a link loop among them is an error, not skipped). A file given twice, directly or
     * through a folder or a link, is read once. Every bad file is reported ({@link VariantException#all}),
     * and none is returned when one is bad.
     */
    static List<Variant> load(List<Path> paths) {
        List<Variant> r = new ArrayList<>();
        List<VariantException> errors = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path p : paths) {
            List<Path> files;
            if (Files.isDirectory(p)) {
                // recursively (variants/get-log/...); links to folders are not followed
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(f -> (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                            && !Files.isDirectory(f)).sorted().collect(Collectors.toList());
                } catch (IOException | java.io.UncheckedIOException e) {
                    errors.add(new VariantException(p.toString(), null, "cannot list the folder: " + e.getMessage()));
                    continue;
                }
                if (files.isEmpty()) {
                    errors.add(new VariantException(p.toString(), null, "the folder holds no variant file (*.yaml, *.yml)"));
                    continue;
                }
            } else {
                files = List.of(p);
            }
            for (Path f : files) {
                try {
                    if (!seen.add(identity(f))) {
                        continue;
                    }
                    r.add(VariantLoader.load(f));
                } catch (VariantException e) {
                    errors.add(e);
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Variant v : r) {
            if (!names.add(v.name())) {
                errors.add(new VariantException(v.file(), "name", "the name '" + v.name()
                        + "' is used by another variant of this check; names must be unique"));
            }
        }
        if (!errors.isEmpty()) {
            throw VariantException.all(errors);
        }
        return r;
    }

    /** The file a path names, for reading each file once: its real path, or the path itself when it has none. */
    private static Path identity(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException e) {
            return f.toAbsolutePath().normalize();
        }
    }

}
