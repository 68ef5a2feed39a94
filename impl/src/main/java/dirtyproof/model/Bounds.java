package dirtyproof.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size of a model instance (docs/model.md, "Bounds").
 *
 * @param pages        guest frames in the memslot
 * @param pagesPerWord pages per dirty-bitmap word (BITS_PER_LONG in the kernel)
 * @param vcpus        vCPUs
 * @param writes       guest writes per vCPU, and host writes when host-writes is on
 * @param rounds       live rounds before the final round (vCPUs paused)
 * @param extra        a family's own bounds (the ring's ring-size, ring-reserved), by key
 */
public record Bounds(int pages, int pagesPerWord, int vcpus, int writes, int rounds, Map<String, Integer> extra) {

    public static final Bounds DEFAULT = new Bounds(2, 2, 2, 2, 1);

    /** A family's own bound: its key, its range and its default. */
    public record Extra(String key, int min, int max, int dflt) {
    }

    /** The limits every bound must respect: name, minimum, maximum. */
    public enum Limit {
        PAGES("pages", 1, 64),
        PAGES_PER_WORD("pages-per-word", 1, 64),
        VCPUS("vcpus", 1, 8),
        WRITES("writes", 0, 1_000_000),
        ROUNDS("rounds", 0, 1_000);

        public final String key;
        public final int min;
        public final int max;

        Limit(String key, int min, int max) {
            this.key = key;
            this.min = min;
            this.max = max;
        }
    }

    public Bounds(int pages, int pagesPerWord, int vcpus, int writes, int rounds) {
        this(pages, pagesPerWord, vcpus, writes, rounds, Map.of());
    }

    public Bounds {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        check(Limit.PAGES, pages);
        check(Limit.PAGES_PER_WORD, pagesPerWord);
        check(Limit.VCPUS, vcpus);
        check(Limit.WRITES, writes);
        check(Limit.ROUNDS, rounds);
    }

    private static void check(Limit l, int v) {
        if (v < l.min || v > l.max) {
            throw new IllegalArgumentException(l.key + " = " + v + " is out of range " + l.min + ".." + l.max);
        }
    }

    /** Number of bitmap words: ceil(pages / pagesPerWord). */
    public int words() {
        return (pages + pagesPerWord - 1) / pagesPerWord;
    }

    public int wordOf(int page) {
        return page / pagesPerWord;
    }

    public long bitOf(int page) {
        return 1L << (page % pagesPerWord);
    }

    /** A family bound's value; an error when the bounds do not have it. */
    public int extra(String key) {
        Integer v = extra.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no bound '" + key + "' here; bounds: " + extra.keySet());
        }
        return v;
    }

    public Bounds withWrites(int w) {
        return new Bounds(pages, pagesPerWord, vcpus, w, rounds, extra);
    }

    /** The bounds as the keys of a variant file, in documented order. */
    public Map<String, Object> keys() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("pages", pages);
        b.put("pages-per-word", pagesPerWord);
        b.put("vcpus", vcpus);
        b.put("writes", writes);
        b.put("rounds", rounds);
        b.putAll(extra);
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : keys().entrySet()) {
            sb.append(sb.length() == 1 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
