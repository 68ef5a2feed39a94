package dirtyproof.tlc;

import dirtyproof.backend.BackendResult;
import dirtyproof.model.Bounds;
import dirtyproof.variant.Variant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * specs/manifest.tsv: for every catalog variant at its bounds, what TLC found with one worker (a
 * deterministic breadth-first search) -- the verdict, the distinct states and the depth: of the complete search
 * (SAFE), or of the search up to the first violation (UNSAFE), and the length of the counterexample, a shortest
 * one. Lines starting with # are comments. Columns: variant, bounds (pages,pages-per-word,vcpus,writes,rounds, then the family's own bounds),
 * verdict, states, depth, trace-steps.
 */
record Manifest(Map<String, Entry> entries) {

    static final String FILE = "manifest.tsv";

    /** The same with every naming of the vCPUs counted (tlc.symmetry=false): the counts before symmetry. */
    static final String NO_SYMMETRY = "manifest-no-symmetry.tsv";

    record Entry(String variant, String bounds, String verdict, long states, long depth, long traceSteps) {
    }

    /** pages,pages-per-word,vcpus,writes,rounds, then the family's own bounds in their order (ring: ring-size,ring-reserved). */
    static String key(Bounds b) {
        StringBuilder k = new StringBuilder(b.pages() + "," + b.pagesPerWord() + "," + b.vcpus() + "," + b.writes() + ","
                + b.rounds());
        for (int x : b.extra().values()) {
            k.append(',').append(x);
        }
        return k.toString();
    }

    static Manifest read(Path file) throws IOException {
        Map<String, Entry> m = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 6) {
                throw new IllegalArgumentException(file + ": expected 6 tab-separated columns: " + line);
            }
            Entry e = new Entry(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
            m.put(f[0] + "@" + f[1], e);
        }
        return new Manifest(m);
    }

    Entry get(Variant v) {
        return entries.get(v.name() + "@" + key(v.bounds()));
    }

    /** The steps of a counterexample (the trace without its lost-write lines). */
    static long steps(BackendResult r) {
        return r.counterexample() == null ? 0 : r.counterexample().events().size();
    }

    /** The manifest line for a result. */
    static String line(Variant v, BackendResult r) {
        return String.join("\t", v.name(), key(v.bounds()), r.verdict().toString(),
                String.valueOf(r.explored().getOrDefault("states", -1).longValue()),
                String.valueOf(r.explored().getOrDefault("depth", -1).longValue()),
                String.valueOf(steps(r)));
    }
}
