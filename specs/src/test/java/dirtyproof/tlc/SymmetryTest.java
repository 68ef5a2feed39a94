package dirtyproof.tlc;

import dirtyproof.backend.BackendOptions;
import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.family.TlaModel;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vCPUs of get-log as a symmetry set: TLC counts each set of states that differ only by a renaming of the
 * vCPUs once, finds the same verdicts, and its counterexamples still replay in Java -- also when TLC prints the
 * violating state under another naming of the vCPUs than the state before it (TLCTrace.printTrace rebuilds the
 * states before the last from fingerprints, and prints the last as found).
 */
class SymmetryTest {

    static Variant variant(String name, int pages, int vcpus, int writes) {
        Variant v = VariantLoader.load(TlcCatalogTest.variantsDir().resolve("get-log").resolve(name + ".yaml"));
        return v.withBounds(new Bounds(pages, pages, vcpus, writes, 1, Map.of()));
    }

    static BackendOptions options(String... extra) {
        BackendOptions o = TlcCatalogTest.options();
        Map<String, String> m = new java.util.LinkedHashMap<>(o.extra());
        m.put("tlc.workers", "1");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return o.withExtra(m);
    }

    static long states(BackendResult r) {
        return r.explored().get("states").longValue();
    }

    @Test
    void theModelDeclaresTheVcpusASymmetrySet() {
        Variant v = variant("kernel-today", 2, 3, 2);
        TlaModel tla = v.family().tla(v);
        assertEquals(List.of("Vcpus"), tla.symmetric());
        assertEquals(Map.of("vcpu0", 0L, "vcpu1", 1L, "vcpu2", 2L), tla.modelValues());
        String mc = TlcModel.module(v, tla);
        String cfg = TlcModel.config(v, tla, tla.invariants());
        assertTrue(mc.contains("CONSTANTS vcpu0, vcpu1, vcpu2") && mc.contains("const_Vcpus == {vcpu0, vcpu1, vcpu2}")
                && mc.contains("symmetry == Permutations(const_Vcpus)"), mc);
        assertTrue(cfg.contains("vcpu1 = vcpu1") && cfg.contains("SYMMETRY symmetry"), cfg);
        assertFalse(TlcModel.config(v, tla.withoutSymmetry(), tla.invariants()).contains("SYMMETRY"));
    }

    @Test
    void fewerStatesSameVerdicts() {
        TlcBackend b = new TlcBackend();
        for (String name : List.of("kernel-today", "no-flush")) {
            Variant v = variant(name, 1, 3, 1);
            BackendResult sym = b.check(v, options());
            BackendResult all = b.check(v, options("tlc.symmetry", "false"));
            assertEquals(all.verdict(), sym.verdict(), name + ": " + sym.reason() + " / " + all.reason());
            assertTrue(sym.verdict() != Verdict.INCONCLUSIVE, sym.reason());
            assertTrue(states(sym) < states(all), name + ": " + states(sym) + " states with symmetry, "
                    + states(all) + " without");
            // three vCPUs: at most six namings of one state
            assertTrue(6 * states(sym) >= states(all), name + ": " + states(sym) + " vs " + states(all));
        }
    }

    @Test
    void aLastStatePrintedUnderAnotherNamingOfTheVcpusIsReadBack() throws Exception {
        Variant v = variant("no-flush", 2, 2, 2);
        TlcBackend b = new TlcBackend();
        BackendResult kept = b.check(v, options("tlc.keep", "true"));
        assertEquals(Verdict.UNSAFE, kept.verdict(), kept.reason());
        Path dir;
        try (Stream<Path> s = Files.list(TlcCatalogTest.options().workDir().resolve("tlc"))) {
            dir = s.filter(p -> p.getFileName().toString().startsWith("no-flush-"))
                    .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
        String out = Files.readString(dir.resolve("tlc.out"), StandardCharsets.UTF_8);
        // the last trace state with vcpu0 and vcpu1 swapped: what TLC prints when the state it found is a
        // renaming of the successor of the state it rebuilt before it
        int last = out.lastIndexOf("@!@!@STARTMSG 2217:");
        int end = out.indexOf("@!@!@ENDMSG 2217", last);
        String block = out.substring(last, end).replace("vcpu0", "vcpuX").replace("vcpu1", "vcpu0").replace("vcpuX", "vcpu1");
        String doctored = out.substring(0, last) + block + out.substring(end);
        TlaModel tla = v.family().tla(v);
        TlcBackend.Decision d = b.decide(v, tla, new Tlc.Result(12, false, doctored, 1.0), dir, 1.0);
        assertEquals(Verdict.UNSAFE, d.result().verdict(), d.result().reason());
        assertTrue(d.result().reason().contains("renamed"), d.result().reason());
        assertEquals(kept.counterexample().lost(), d.result().counterexample().lost());
        assertTrue(d.result().replayed(), d.result().reason());
        // without a symmetry set the same output does not replay, and nothing is renamed: TLC's lost write that
        // Java does not reproduce, an UNSAFE not replayed (a disagreement, docs/verdicts.md)
        BackendResult plain = b.decide(v, tla.withoutSymmetry(), new Tlc.Result(12, false, doctored, 1.0), dir, 1.0)
                .result();
        assertEquals(Verdict.UNSAFE, plain.verdict(), plain.reason());
        assertFalse(plain.replayed(), plain.reason());
        assertTrue(plain.reason().startsWith("spec and implementation disagree") && !plain.reason().contains("renamed"),
                plain.reason());
        dirtyproof.backend.ProcessRegistry.deleteTree(dir);
    }
}
