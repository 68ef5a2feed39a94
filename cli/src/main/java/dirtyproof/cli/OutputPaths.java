package dirtyproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report outputs of {@code check} (--json, --junit, --report, --markdown, --html, --ktap; every later report
 * format joins here):
 * each is checked before any back-end runs, so that a path that cannot be written is bad input (exit 2)
 * instead of a lost run; and each is written at the end on its own, so that one failed write (a full disk,
 * {@code /dev/full}) is reported plainly and does not stop the others (exit 3).
 *
 * <p>{@code -} as a file means standard output (accepted by the options {@link #STDOUT_OPTIONS}; the human
 * output then goes to standard error).
 */
final class OutputPaths {

    /** The file name that means standard output. */
    static final String STDOUT = "-";
    /** The options that may write to standard output: one machine-readable stream. */
    static final List<String> STDOUT_OPTIONS = List.of("--json");

    /** One output: the option that named it, the path, and whether it is a folder of files. */
    record Output(String option, Path path, boolean folder) {
        boolean stdout() {
            return !folder && path.toString().equals(STDOUT);
        }
    }

    private final List<Output> outputs = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** Adds a file output (null: not asked for). */
    OutputPaths file(String option, Path path) {
        if (path != null) {
            outputs.add(new Output(option, path, false));
        }
        return this;
    }

    /** Adds a folder output (null: not asked for). */
    OutputPaths folder(String option, Path path) {
        if (path != null) {
            outputs.add(new Output(option, path, true));
        }
        return this;
    }

    /** True when some output goes to standard output (the human output must then go to standard error). */
    boolean usesStdout() {
        return outputs.stream().anyMatch(Output::stdout);
    }

    /** Checks every output; the first problem is bad input, with the option, the path and what is wrong. */
    void check() {
        Map<Path, String> seen = new LinkedHashMap<>();
        for (Output o : outputs) {
            String p = o.path().toString();
            if (p.isEmpty()) {
                throw bad(o, "is empty; give a " + (o.folder() ? "folder" : "file") + " name");
            }
            if (p.equals(STDOUT)) {
                if (o.folder() || !STDOUT_OPTIONS.contains(o.option())) {
                    throw bad(o, "'-' (standard output) is accepted by " + String.join(", ", STDOUT_OPTIONS)
                            + " only; give a " + (o.folder() ? "folder" : "file") + " name");
                }
                if (seen.put(o.path(), o.option()) != null) {
                    throw bad(o, "standard output is already taken by " + seen.get(o.path()));
                }
                continue;
            }
            Path abs = o.path().toAbsolutePath().normalize();
            String other = seen.put(abs, o.option());
            if (other != null) {
                throw bad(o, "is also the path of " + other + "; give each report its own path");
            }
            if (o.folder()) {
                checkFolder(o, abs);
            } else {
                checkFile(o, abs);
            }
        }
    }

    private static void checkFile(Output o, Path abs) {
        if (Files.isDirectory(abs)) {
            throw bad(o, "is a folder; give a file name (e.g. " + abs.resolve("report" + suffix(o)) + ")");
        }
        if (Files.exists(abs)) {
            if (!Files.isWritable(abs)) {
                throw bad(o, "exists and cannot be written by you");
            }
            return;
        }
        if (Files.isSymbolicLink(abs)) {
            throw bad(o, "is a symbolic link to a file that does not exist");
        }
        checkCreatable(o, abs.getParent());
    }

    private static void checkFolder(Output o, Path abs) {
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw bad(o, "is a file, not a folder; give a folder for the " + (o.option().equals("--html")
                        ? "HTML page" : "per-variant reports"));
            }
            if (!Files.isWritable(abs) || !Files.isExecutable(abs)) {
                throw bad(o, "is a folder you cannot write into");
            }
            return;
        }
        checkCreatable(o, abs.getParent());
    }

    /** The nearest existing ancestor of a path to be created must be a folder you can write into. */
    private static void checkCreatable(Output o, Path parent) {
        for (Path q = parent; q != null; q = q.getParent()) {
            if (Files.exists(q)) {
                if (!Files.isDirectory(q)) {
                    throw bad(o, "cannot be created: " + q + " is a file, not a folder");
                }
                if (!Files.isWritable(q) || !Files.isExecutable(q)) {
                    throw bad(o, "cannot be created: you cannot write into the folder " + q);
                }
                return;
            }
        }
        throw bad(o, "cannot be created: no part of the path exists");
    }

    private static String suffix(Output o) {
        switch (o.option()) {
            case "--junit":
                return ".xml";
            case "--json":
                return ".json";
            case "--markdown":
                return ".md";
            case "--ktap":
                return ".ktap";
            default:
                return "";
        }
    }

    private static Main.BadInput bad(Output o, String problem) {
        return new Main.BadInput("option '" + o.option() + "': " + o.path() + " " + problem);
    }

    /** Writes one report. */
    interface Writer {
        void write() throws IOException;
    }

    /**
     * Writes the report of {@code option} (if it was asked for); a failure is printed to {@code err} as one
     * plain line and remembered ({@link #failed}), and the caller goes on with the next report.
     */
    void write(String option, PrintWriter err, Writer w) {
        Output o = outputs.stream().filter(x -> x.option().equals(option)).findFirst().orElse(null);
        if (o == null) {
            return;
        }
        try {
            w.write();
        } catch (IOException | RuntimeException e) {
            String why = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason() : String.valueOf(e.getMessage());
            String line = "could not write the " + option + " report to " + (o.stdout() ? "standard output" : o.path())
                    + ": " + why;
            failures.add(line);
            err.println("dirtyproof: " + line);
            err.flush();
        }
    }

    /** Some report could not be written. */
    boolean failed() {
        return !failures.isEmpty();
    }

    /** The output of an option, or null when it was not asked for. */
    Output get(String option) {
        return outputs.stream().filter(x -> x.option().equals(option)).findFirst().orElse(null);
    }
}
