package dirtyproof.tlc;

import dirtyproof.backend.BackendResult;
import dirtyproof.backend.Verdict;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Expect;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Opt-in ({@code -Ddirtyproof.boundsSearch=true}): for every unsafe get-log variant of the catalog, shrinks
 * its bounds one dimension at a time (vcpus, writes, pages, pages-per-word, rounds), keeping every
 * reduction at which TLC still finds the lost write, and writes the smallest bounds found, with TLC's
 * states and time, to target/bounds-search.tsv. This is how the catalog's bounds were chosen (DESIGN.md §6).
 */
@EnabledIfSystemProperty(named = "dirtyproof.boundsSearch", matches = "true")
class BoundsSearchTest {

    @Test
    void smallestFailingBounds() throws Exception {
        List<Variant> unsafe = VariantLoader.load(List.of(TlcCatalogTest.variantsDir())).stream()
                .filter(v -> v.protocol().equals("get-log") && v.expect() == Expect.LOST_WRITE)
                .collect(Collectors.toList());
        List<String> out = new ArrayList<>();
        out.add("variant\tbounds\tstates\ttrace-steps\tseconds\t(from)\tstates\tseconds");
        for (Variant v : unsafe) {
            BackendResult start = new TlcBackend().check(v, TlcCatalogTest.options());
            Bounds best = v.bounds();
            BackendResult bestR = start;
            boolean shrunk = true;
            while (shrunk) {
                shrunk = false;
                for (Bounds b : smaller(best)) {
                    BackendResult r = new TlcBackend().check(v.withBounds(b), TlcCatalogTest.options());
                    if (r.verdict() == Verdict.UNSAFE) {
                        best = b;
                        bestR = r;
                        shrunk = true;
                        break;
                    }
                }
            }
            out.add(String.join("\t", v.name(), best.toString(), String.valueOf(bestR.explored().get("states")),
                    String.valueOf(Manifest.steps(bestR)), String.format("%.2f", bestR.seconds()), v.bounds().toString(),
                    String.valueOf(start.explored().get("states")), String.format("%.2f", start.seconds())));
            System.out.println(out.get(out.size() - 1));
        }
        Path f = TlcCatalogTest.specsDir().resolve("target").resolve("bounds-search.tsv");
        Files.createDirectories(f.getParent());
        Files.write(f, out, StandardCharsets.UTF_8);
    }

    /** The bounds one step smaller than b in one dimension, most effective first. */
    private static List<Bounds> smaller(Bounds b) {
        List<Bounds> r = new ArrayList<>();
        if (b.vcpus() > 1) {
            r.add(new Bounds(b.pages(), b.pagesPerWord(), b.vcpus() - 1, b.writes(), b.rounds()));
        }
        if (b.writes() > 1) {
            r.add(new Bounds(b.pages(), b.pagesPerWord(), b.vcpus(), b.writes() - 1, b.rounds()));
        }
        if (b.pages() > 1) {
            r.add(new Bounds(b.pages() - 1, Math.min(b.pagesPerWord(), b.pages() - 1), b.vcpus(), b.writes(), b.rounds()));
        }
        if (b.pagesPerWord() > 1) {
            r.add(new Bounds(b.pages(), b.pagesPerWord() - 1, b.vcpus(), b.writes(), b.rounds()));
        }
        if (b.rounds() > 0) {
            r.add(new Bounds(b.pages(), b.pagesPerWord(), b.vcpus(), b.writes(), b.rounds() - 1));
        }
        return r;
    }
}
