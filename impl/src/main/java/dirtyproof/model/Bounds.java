package dirtyproof.model;

/**
 * The size of a model instance (DESIGN.md §6).
 *
 * @param pages        guest frames in the memslot
 * @param pagesPerWord pages per dirty-bitmap word (BITS_PER_LONG in the kernel)
 * @param vcpus        vCPUs
 * @param writes       guest writes per vCPU, and host writes when host-writes is on
 * @param rounds       live rounds before the final round (vCPUs paused)
 */
public record Bounds(int pages, int pagesPerWord, int vcpus, int writes, int rounds) {

    public static final Bounds DEFAULT = new Bounds(2, 2, 2, 2, 1);

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

    public Bounds {
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

    public Bounds withVcpus(int v) {
        return new Bounds(pages, pagesPerWord, v, writes, rounds);
    }

    public Bounds withWrites(int w) {
        return new Bounds(pages, pagesPerWord, vcpus, w, rounds);
    }

    public Bounds withRounds(int r) {
        return new Bounds(pages, pagesPerWord, vcpus, writes, r);
    }

    @Override
    public String toString() {
        return "{pages: " + pages + ", pages-per-word: " + pagesPerWord + ", vcpus: " + vcpus + ", writes: " + writes
                + ", rounds: " + rounds + "}";
    }
}
