package dirtyproof.tlc;

import dirtyproof.backend.Backend;
import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.family.Families;
import dirtyproof.family.TlaModel;
import dirtyproof.getlog.GetLogConfig;
import dirtyproof.getlog.HarvestStep;
import dirtyproof.variant.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLC back-end fails closed: a broken spec, a TLC failure, a timeout, a spec bug caught by TypeOK or by the
 * deadlock check, or a counterexample the Java implementation does not reproduce is INCONCLUSIVE with the
 * reason, never SAFE (and never UNSAFE without a replayed trace). The CLI turns INCONCLUSIVE into exit code 3.
 */
class TlcFailClosedTest {

    /** One vCPU, one write, one page: TLC answers in about a second. */
    static final Variant SMALL = dirtyproof.family.Families.get("get-log").defaults("fail-closed").withBounds(new Bounds(1, 1, 1, 1, 1));

    @TempDir
    Path tmp;

    private BackendOptions options(Map<String, String> extra) {
        return new BackendOptions(tmp, tmp.resolve("work"), Duration.ofMinutes(2), extra);
    }

    /**
     * The one module of specs/ that contains {@code from}, with the edit applied, in a file not named after the
     * module (the back-end goes by the MODULE line); the edit must apply to exactly one module.
     */
    /** The modules get-log's model ships: the ones these tests edit. */
    static final List<String> MODULES = SMALL.family().tla(SMALL).modules();

    private Path specWith(String from, String to) throws Exception {
        Path p = null;
        for (String m : MODULES) {
            String spec = Files.readString(TlcCatalogTest.specsDir().resolve(m + ".tla"), StandardCharsets.UTF_8);
            if (spec.contains(from)) {
                assertTrue(p == null, "more than one module contains: " + from);
                p = tmp.resolve(m + "-edited.tla");
                Files.writeString(p, spec.replace(from, to), StandardCharsets.UTF_8);
            }
        }
        assertTrue(p != null, "no module of " + MODULES + " contains: " + from);
        return p;
    }

    private BackendResult checkWith(Variant v, Path spec) {
        return new TlcBackend().check(v, options(Map.of("tlc.spec", spec.toString())));
    }

    @Test
    void theUnmodifiedSpecIsSafeOnTheSmallVariant() {
        BackendResult r = new TlcBackend().check(SMALL, options(Map.of()));
        assertEquals(Verdict.SAFE, r.verdict(), r.reason());
        assertTrue(r.explored().get("states").longValue() > 0);
    }

    @Test
    void aSyntaxErrorIsInconclusive() throws Exception {
        BackendResult r = checkWith(SMALL, specWith("Spec == Init /\\ [][Next]_vars", "Spec == Init /\\ [][Next]_vars ++"));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("does not parse"), r.reason());
    }

    /** The system property a CLI run can use to check a broken spec (and exit 3). */
    @Test
    void aBrokenSpecNamedBySystemPropertyIsInconclusive() throws Exception {
        Path broken = specWith("Spec == Init /\\ [][Next]_vars", "Spec == Init /\\ [][Next]_vars ++");
        System.setProperty("dirtyproof.tlc.spec", broken.toString());
        try {
            BackendResult r = new TlcBackend().check(SMALL, options(Map.of()));
            assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        } finally {
            System.clearProperty("dirtyproof.tlc.spec");
        }
    }

    /** tlc.spec may name a folder: each of its modules replaces the packaged one (here the machine's TypeOK). */
    @Test
    void aBrokenModuleInAFolderIsInconclusive() throws Exception {
        Path edited = specWith("  /\\ paused \\in BOOLEAN\n", "  /\\ paused = FALSE\n");
        Path folder = Files.createDirectories(tmp.resolve("override"));
        Files.move(edited, folder.resolve("DirtyMachine.tla"));
        BackendResult r = new TlcBackend().check(SMALL, options(Map.of("tlc.spec", folder.toString())));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("TypeOK"), r.reason());
    }

    /** An override that is not one of the modules the back-end writes would be ignored: it is an error instead. */
    @Test
    void anOverrideOfAnUnknownModuleIsInconclusive() throws Exception {
        Path p = tmp.resolve("Other.tla");
        Files.writeString(p, "---- MODULE Other ----\n====\n", StandardCharsets.UTF_8);
        BackendResult r = checkWith(SMALL, p);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("module Other") && r.reason().contains("DirtyMachine"), r.reason());
    }

    @Test
    void anEvaluationErrorIsInconclusive() throws Exception {
        Path spec = specWith("  /\\ dest' = [dest EXCEPT ![p] = mem[p]]",
                "  /\\ Assert(FALSE, \"injected failure\")\n  /\\ dest' = [dest EXCEPT ![p] = mem[p]]");
        BackendResult r = checkWith(SMALL, spec);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("injected failure"), r.reason());
    }

    @Test
    void aDeadlockIsInconclusive() throws Exception {
        BackendResult r = checkWith(SMALL, specWith("  \\/ Terminated\n", "\n"));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().toLowerCase().contains("deadlock"), r.reason());
    }

    @Test
    void aTypeViolationIsInconclusiveNotUnsafe() throws Exception {
        BackendResult r = checkWith(SMALL, specWith("  /\\ paused \\in BOOLEAN\n", "  /\\ paused = FALSE\n"));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("TypeOK"), r.reason());
    }

    @Test
    void aTimeoutIsInconclusive() {
        BackendResult r = new TlcBackend().check(Families.get("get-log").defaults("timeout"),
                new BackendOptions(tmp, tmp.resolve("work"), Duration.ofMillis(300), Map.of()));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
        assertTrue(r.reason().contains("timeout"), r.reason());
    }

    @Test
    void aMissingInvariantIsInconclusive() {
        BackendResult r = new TlcBackend().check(SMALL, options(Map.of("tlc.invariants", "TypeOK,NoSuchInvariant")));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
    }

    /**
     * A spec whose write-protect forgets to clear W loses writes under TLC; the Java implementation, replaying
     * the same steps, write-protects and faults instead. The back-end must say the two disagree: an UNSAFE whose
     * counterexample did not replay, which the verdict combination makes a disagreement (VariantResultTest).
     */
    @Test
    void aCounterexampleJavaDoesNotReproduceIsADisagreement() throws Exception {
        Path spec = specWith("W' = [p \\in Pages |-> IF p \\in mask THEN FALSE ELSE W[p]]", "W' = W");
        BackendResult r = checkWith(SMALL, spec);
        assertEquals(Verdict.UNSAFE, r.verdict(), r.reason());
        assertFalse(r.replayed(), "a trace Java does not reproduce is not a replayed counterexample");
        assertFalse(r.counterexample().lost().isEmpty(), "TLC's lost write is carried");
        assertTrue(r.reason().contains("spec and implementation disagree"), r.reason());
        assertTrue(r.reason().contains("TLC trace:"), r.reason());
    }

    @Test
    void anotherProtocolIsInconclusive() throws Exception {
        // every protocol id the loader knows is modelled now (ring was the last): a variant of a protocol with no
        // family, built by hand, is never SAFE -- today Backend.check's Variant.family() refuses it outright
        Variant other = new Variant("other-x", "no-such-protocol", "", dirtyproof.variant.MachineConfig.TODAY,
                dirtyproof.model.Bounds.DEFAULT, Map::of, dirtyproof.variant.Expect.SAFE, null);
        BackendResult r;
        try {
            r = new TlcBackend().check(other, options(Map.of()));
        } catch (IllegalArgumentException e) {
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unknown protocol"), e.getMessage());
            return;
        }
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
    }

    @Test
    void exitZeroWithoutTheSuccessMessageIsInconclusive() {
        Tlc.Result fake = new Tlc.Result(0, false, "@!@!@STARTMSG 2185:0 @!@!@\nStarting...\n@!@!@ENDMSG 2185 @!@!@\n", 1.0);
        BackendResult r = new TlcBackend().decide(SMALL, fake, tmp, 1.0);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), r.reason());
    }

    @Test
    void theBackendIsFoundByServiceLoader() {
        boolean found = false;
        for (Backend b : ServiceLoader.load(Backend.class)) {
            found |= b.name().equals("tlc") && b instanceof TlcBackend;
        }
        assertTrue(found, "META-INF/services/dirtyproof.backend.Backend does not register TlcBackend");
    }

    /** Every module of specs/ is packaged as it is, and the back-end writes every one of them. */
    @Test
    void theModulesArePackagedAsResources() throws Exception {
        List<String> inSpecs;
        try (var files = Files.list(TlcCatalogTest.specsDir())) {
            inSpecs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tla"))
                    .map(n -> n.substring(0, n.length() - ".tla".length())).sorted().collect(Collectors.toList());
        }
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (dirtyproof.family.Family f : Families.modelled()) {
            try {
                named.addAll(f.tla(f.defaults("k")).modules());
            } catch (RuntimeException e) {
                // a test family without a spec (impl's seen-log) names modules it does not ship
            }
        }
        named.retainAll(inSpecs);
        assertEquals(inSpecs, new ArrayList<>(named), "every module of specs/ belongs to a family's TlaModel.modules");
        Map<String, String> written = TlcBackend.modules(options(Map.of()), inSpecs);
        for (String m : inSpecs) {
            String resource = TlcBackend.MODULE_RESOURCES + m + ".tla";
            try (var in = TlcBackend.class.getResourceAsStream(resource)) {
                assertTrue(in != null, m + ".tla is not on the class path at " + resource);
                String packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(Files.readString(TlcCatalogTest.specsDir().resolve(m + ".tla"), StandardCharsets.UTF_8),
                        packaged, "the packaged " + m + ".tla differs from specs/" + m + ".tla: rebuild");
                assertEquals(packaged, written.get(m), m);
            }
        }
    }

    @Test
    void theModelNamesEveryVariantKey() {
        Variant v = Families.get("get-log").defaults("k");
        TlaModel tla = v.family().tla(v);
        String cfg = TlcModel.config(v, tla, tla.invariants());
        for (String c : List.of("NPages", "PagesPerWord", "NVcpus", "NWrites", "NRounds", "Harvest", "MmuLock",
                "ClearOp", "SetOp", "FaultPath", "FaultOrder", "Flush", "HostWrites", "VIEW view",
                "INVARIANT NoLostWrite")) {
            assertTrue(cfg.contains(c), c + " missing from\n" + cfg);
        }
        String mc = TlcModel.module(v, tla);
        assertTrue(mc.contains("const_MmuLock == {\"snapshot-clear\", \"write-protect\"}"), mc);
        assertTrue(mc.contains("const_Harvest == <<\"snapshot-clear\", \"write-protect\", \"flush-tlb\", \"copy-to-user\">>"), mc);
        assertTrue(v.config(GetLogConfig.class).locked(HarvestStep.SNAPSHOT_CLEAR));
    }
}
