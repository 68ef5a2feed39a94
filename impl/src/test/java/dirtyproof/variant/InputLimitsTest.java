package dirtyproof.variant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile or careless variant file gets: a clear refusal, quickly, without reading what it need not. */
class InputLimitsTest {

    static final String OK = "name: ok\nprotocol: get-log\n";

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.yaml");
        // valid YAML (a comment, then the keys) one byte over the limit: it would parse
        Files.writeString(f, "#" + "x".repeat(InputLimits.MAX_FILE_BYTES - OK.length() - 1) + "\n" + OK);
        assertEquals(InputLimits.MAX_FILE_BYTES + 1, Files.size(f));
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(f));
        assertEquals(f + ": the file is 65537 bytes; a variant file is at most 65536 bytes (64 KiB)", e.getMessage());
    }

    @Test
    void aHugeSparseFileIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.yaml");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(3L << 30);
        }
        long t0 = System.nanoTime();
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(f));
        assertTrue(e.getMessage().contains("the file is 3221225472 bytes; a variant file is at most 65536 bytes"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused without reading 3 GB");
    }

    @Test
    void aFileJustUnderTheLimitStillLoads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, "#" + "x".repeat(InputLimits.MAX_FILE_BYTES - OK.length() - 2) + "\n" + OK);
        assertEquals("ok", VariantLoader.load(f).name());
    }

    @Test
    void invalidUtf8IsNamedWithItsPlace(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, (OK + "summary: \"caf\u00e9\"\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(f));
        assertEquals(f + ": not valid UTF-8: byte 0xe9 at offset 40 (line 3); save the file as UTF-8", e.getMessage());
    }

    @Test
    void aliasesPastTheLimitAreRefused() {
        StringBuilder y = new StringBuilder(OK).append("a0: &a0 [x, x]\n");
        for (int i = 1; i <= 12; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append("]\n");
        }
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.parse(y.toString(), "laughs", null));
        assertTrue(e.getMessage().startsWith("laughs: not valid YAML"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("alias"), e.getMessage());
    }

    @Test
    void aDanglingLinkInAFolderIsAnErrorNotSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), OK);
        Files.createSymbolicLink(dir.resolve("b.yaml"), dir.resolve("gone.yaml"));
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(List.of(dir)));
        assertEquals(dir.resolve("b.yaml") + ": a symbolic link to '" + dir.resolve("gone.yaml") + "', which does not exist",
                e.getMessage());
    }

    @Test
    void aLinkLoopIsNamedAsOne(@TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("a.yaml"), dir.resolve("b.yaml"));
        Files.createSymbolicLink(dir.resolve("b.yaml"), dir.resolve("a.yaml"));
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(dir.resolve("a.yaml")));
        assertTrue(e.getMessage().startsWith(dir.resolve("a.yaml") + ": a loop of symbolic links"), e.getMessage());
    }

    @Test
    void everyBadFileOfAFolderIsReportedAndNoneReturned(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nprotocol: get-log\nflush: lazy\n");
        Files.writeString(dir.resolve("b.yaml"), OK);
        Files.writeString(dir.resolve("c.yaml"), "name: c\nprotocol: get-log\nclear-op:\n");
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(List.of(dir)));
        assertEquals(2, e.errors().size(), e.getMessage());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(2, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith(dir.resolve("a.yaml") + ": key 'flush': 'lazy' is not a valid choice"), lines.get(0));
        assertTrue(lines.get(1).startsWith(dir.resolve("c.yaml") + ": key 'clear-op': has no value"), lines.get(1));
    }

    @Test
    void theSameFileTwiceIsReadOnce(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.yaml");
        Files.writeString(a, OK);
        Files.createSymbolicLink(dir.resolve("link.yml"), a);
        List<Variant> vs = VariantLoader.load(List.of(dir, a, dir.resolve(".").resolve("a.yaml")));
        assertEquals(1, vs.size(), vs.toString());
    }

    @Test
    void twoFilesWithOneNameAreStillAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), OK);
        Files.writeString(dir.resolve("b.yaml"), OK);
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(List.of(dir)));
        assertTrue(e.getMessage().contains("key 'name': the name 'ok' is used by another variant"), e.getMessage());
    }

    @Test
    void inlineKeysWithoutAValueAreErrorsNotDefaults() {
        for (String key : List.of("flush", "clear-op", "set-op", "fault-path")) {
            Map<String, Object> keys = new java.util.LinkedHashMap<>(Map.of("name", "x", "protocol", "get-log"));
            keys.put(key, null);
            VariantException e = assertThrows(VariantException.class,
                    () -> VariantLoader.fromKeys(keys, "test", null, "key"), key);
            assertTrue(e.getMessage().startsWith("test: key '" + key + "': has no value; valid choices: "), e.getMessage());
        }
    }

    @Test
    void aLongInlineSummaryIsRefused() {
        Map<String, Object> keys = Map.of("name", "x", "protocol", "get-log", "summary", "s".repeat(501));
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.fromKeys(keys, "command line", null,
                "option"));
        assertTrue(e.getMessage().startsWith("command line: option '--summary': is 501 characters long"), e.getMessage());
    }
}
