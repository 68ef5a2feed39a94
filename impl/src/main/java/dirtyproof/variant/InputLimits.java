package dirtyproof.variant;

import dirtyproof.model.Bounds;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How big a variant may be, and reading a variant file safely: a variant is a dozen short keys, so a file
 * past {@link #MAX_FILE_BYTES} is refused before it is read (a 100 MB file would take SnakeYAML minutes and
 * gigabytes), the YAML parser is bounded ({@link #loaderOptions}), the summary and the name are capped, and
 * a file that is not UTF-8, a dangling symbolic link or a loop of them are each named as what they are.
 */
public final class InputLimits {

    /** The largest variant file read: 64 KiB (the catalog's largest is well under 1 KiB). */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    /** The longest summary: one line saying where the variant comes from. */
    public static final int MAX_SUMMARY = 500;
    /**
     * The longest name: names become file names (run folders, report files) with a stamp appended, and most
     * file systems stop at 255 bytes.
     */
    public static final int MAX_NAME = 100;
    /** Nesting a variant needs: the document mapping, then bounds or a step list. */
    public static final int MAX_NESTING = 10;
    /** YAML aliases (&a / *a) a variant file may use; there is no need for them, a few are harmless. */
    public static final int MAX_ALIASES = 10;

    private InputLimits() {
    }

    /**
     * The largest bounds a variant may ask for. The model itself takes more (Bounds.Limit: the Java runs of
     * jcstress and MigrationRunner use thousands of writes), but past these no back-end finishes: TLC, one
     * worker on a busy 2-core machine, explores kernel-today at the default bounds {2, 2, 2, 2, 1} in 4 s
     * (63 036 states), with pages: 3 in 39 s (813 355), writes: 4 in 64 s (582 438), rounds: 3 in 73 s
     * (404 095), and does not finish pages: 4 or vcpus: 3 in 240 s (past 0.9 and 2.9 million states). Within
     * these maxima a check that does not finish in --timeout is INCONCLUSIVE, never SAFE.
     */
    public static int max(Bounds.Limit l) {
        switch (l) {
            case PAGES:
                return 8;
            case PAGES_PER_WORD:
                return 64;
            case VCPUS:
                return 4;
            case WRITES:
                return 6;
            case ROUNDS:
                return 4;
            default:
                return l.max;
        }
    }

    /** Why a bound past {@link #max} is refused, for the message. */
    static String why(Bounds.Limit l) {
        return l == Bounds.Limit.PAGES_PER_WORD ? " (BITS_PER_LONG)" : "; larger models do not finish in any back-end"
                + " (README.md, Limits)";
    }

    /** SnakeYAML's options for variant files: no duplicate keys, and bounded size, nesting and aliases. */
    public static LoaderOptions loaderOptions() {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setCodePointLimit(MAX_FILE_BYTES);
        lo.setNestingDepthLimit(MAX_NESTING);
        lo.setMaxAliasesForCollections(MAX_ALIASES);
        lo.setAllowRecursiveKeys(false);
        return lo;
    }

    /**
     * The text of a variant file: refused when it is missing, a dangling link, a link loop, not a regular
     * file, larger than {@link #MAX_FILE_BYTES} (checked before reading) or not UTF-8.
     */
    public static String read(Path file) {
        String origin = file.toString();
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            try {
                file.toRealPath();
                throw new VariantException(origin, null, "cannot be followed");
            } catch (NoSuchFileException e) {
                throw new VariantException(origin, null, "a symbolic link to " + target(file) + ", which does not exist");
            } catch (FileSystemException e) {
                throw new VariantException(origin, null, "a loop of symbolic links (" + reason(e) + ")");
            } catch (IOException e) {
                throw new VariantException(origin, null, "cannot be followed: " + e.getMessage());
            }
        }
        if (!Files.exists(file)) {
            throw new VariantException(origin, null, "no such file or folder");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new VariantException(origin, null, "not a readable file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new VariantException(origin, null, "cannot read the file: " + e.getMessage());
        }
        if (size > MAX_FILE_BYTES) {
            throw new VariantException(origin, null, "the file is " + size + " bytes; a variant file is at most "
                    + MAX_FILE_BYTES + " bytes (64 KiB)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VariantException(origin, null, "cannot read the file: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            // it grew between the two looks
            throw new VariantException(origin, null, "the file is larger than " + MAX_FILE_BYTES
                    + " bytes; a variant file is at most 64 KiB");
        }
        return utf8(bytes, origin);
    }

    /** Strict UTF-8: a byte that is not UTF-8 is named by line and byte offset. */
    static String utf8(byte[] bytes, String origin) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new VariantException(origin, null, String.format("not valid UTF-8: byte 0x%02x at offset %d (line %d);"
                    + " save the file as UTF-8", bytes[at] & 0xff, at, line));
        }
        try {
            r = d.flush(out);
            if (r.isError()) {
                r.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new VariantException(origin, null, "not valid UTF-8 at its end; save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** Refuses a summary past {@link #MAX_SUMMARY} characters (control characters are neutralised when printed). */
    static void checkSummary(String summary, String origin, String what) {
        if (summary == null) {
            return;
        }
        if (summary.length() > MAX_SUMMARY) {
            throw new VariantException(origin, "summary", "is " + summary.length() + " characters long; a summary is"
                    + " one line of at most " + MAX_SUMMARY + " characters").withWhat(what);
        }
    }

    /** Refuses a name longer than {@link #MAX_NAME} characters. */
    static void checkName(String name, String origin, String what) {
        if (name != null && name.length() > MAX_NAME) {
            throw new VariantException(origin, "name", "is " + name.length() + " characters long; a name is at most "
                    + MAX_NAME + " characters (it becomes part of file names)").withWhat(what);
        }
    }

    private static String target(Path link) {
        try {
            return "'" + Files.readSymbolicLink(link) + "'";
        } catch (IOException e) {
            return "a path";
        }
    }

    private static String reason(FileSystemException e) {
        String r = e.getReason();
        return r == null ? e.getMessage() : r;
    }
}
