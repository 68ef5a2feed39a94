package dirtyproof.variant;

import dirtyproof.family.Families;
import dirtyproof.getlog.GetLogConfig;
import dirtyproof.getlog.HarvestStep;

import dirtyproof.Catalog;
import dirtyproof.model.Bounds;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantLoaderTest {

    /** The malformed fixtures: each names in its first line the message it must be rejected with. */
    static List<Path> malformed() throws IOException, URISyntaxException {
        Path dir = Paths.get(VariantLoaderTest.class.getResource("/malformed").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    /** The message fragment a malformed fixture must produce (empty.yaml has no room for one). */
    static String expectedError(Path f) throws IOException {
        String text = Files.readString(f);
        if (text.isEmpty()) {
            return "the file is empty; a variant needs at least 'name' and 'protocol'";
        }
        String first = text.lines().findFirst().orElse("");
        assertTrue(first.startsWith("# expect-error: "), f + " must start with '# expect-error: '");
        return first.substring("# expect-error: ".length());
    }

    @TestFactory
    List<DynamicTest> everyMalformedFileIsRejectedWithFileKeyAndChoices() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files = malformed();
        assertTrue(files.size() >= 15, "at least 15 malformed fixtures");
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(f));
                String msg = e.getMessage();
                assertTrue(msg.startsWith(f.toString() + ": "), "names the file first: " + msg);
                assertTrue(msg.contains(expectedError(f)), "expected '" + expectedError(f) + "' in: " + msg);
                assertEquals(1, msg.lines().count(), "one line, no stack trace: " + msg);
            }));
        }
        return tests;
    }

    @Test
    void missingFileIsNamed() {
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(Paths.get("no/such.yaml")));
        assertEquals("no/such.yaml: no such file or folder", e.getMessage());
    }

    @Test
    void folderWithoutVariantsIsAnError(@TempDir Path dir) {
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(List.of(dir)));
        assertTrue(e.getMessage().endsWith("the folder holds no variant file (*.yaml, *.yml)"), e.getMessage());
    }

    @Test
    void twoVariantsWithOneNameAreAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "name: same\nprotocol: get-log\n");
        Files.writeString(dir.resolve("b.yaml"), "name: same\nprotocol: get-log\n");
        VariantException e = assertThrows(VariantException.class, () -> VariantLoader.load(List.of(dir)));
        assertTrue(e.getMessage().contains("key 'name': the name 'same' is used by another variant"), e.getMessage());
    }

    @Test
    void omittedKeysTakeTodaysKernel() {
        Variant v = VariantLoader.parse("name: minimal\nprotocol: get-log\n", "test", null);
        Variant today = Families.get("get-log").defaults("minimal");
        GetLogConfig c = v.config(GetLogConfig.class);
        assertEquals(today.config(GetLogConfig.class).harvest(), c.harvest());
        assertEquals(today.config(GetLogConfig.class).mmuLock(), c.mmuLock());
        assertEquals(ClearOp.XCHG, c.clearOp());
        assertEquals(SetOp.ATOMIC, v.machine().setOp());
        assertEquals(FaultPath.FAST, v.machine().faultPath());
        assertEquals(today.machine().faultOrder(), v.machine().faultOrder());
        assertEquals(FlushMode.SYNC, v.machine().flush());
        assertEquals(false, v.machine().hostWrites());
        assertEquals(Bounds.DEFAULT, v.bounds());
        assertNull(v.expect(), "no expectation unless stated");
    }

    @Test
    void defaultLockScopeKeepsOnlyTheStepsTheHarvestHas() {
        Variant v = VariantLoader.parse("name: x\nprotocol: get-log\nharvest: [snapshot-clear, flush-tlb, copy-to-user]\n",
                "test", null);
        assertEquals(java.util.Set.of(HarvestStep.SNAPSHOT_CLEAR), v.config(GetLogConfig.class).mmuLock());
    }

    @Test
    void partialBoundsKeepTheOtherDefaults() {
        Variant v = VariantLoader.parse("name: x\nprotocol: get-log\nbounds: {vcpus: 1, writes: 3}\n", "test", null);
        assertEquals(new Bounds(2, 2, 1, 3, 1), v.bounds());
    }

    @Test
    void yamlRoundTrips() {
        for (Variant v : Catalog.all()) {
            Variant back = VariantLoader.parse(VariantLoader.toYaml(v), "round-trip", v.file());
            assertEquals(v, back, v.name());
        }
    }

    @Test
    void catalogLoadsWithSummaryAndExpectation() {
        List<Variant> all = Catalog.all();
        assertTrue(all.size() >= 14, "the get-log rows of DESIGN.md §5");
        for (Variant v : all) {
            assertNotNull(v.expect(), v.name() + " states its expected verdict");
            assertTrue(!v.summary().isBlank(), v.name() + " says where it comes from");
            assertEquals(v.name() + ".yaml", Paths.get(v.file()).getFileName().toString(), "file named after the variant");
        }
    }
}
