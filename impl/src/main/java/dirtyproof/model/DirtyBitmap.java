package dirtyproof.model;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A dirty bitmap of one memslot ({@code memslot->dirty_bitmap}, or a userspace copy of it), one long per
 * word of {@code pages-per-word} pages, with the kernel primitives the protocols use on it. Every access is
 * a volatile (atomic) access: only the atomicity written here is the atomicity there is.
 */
public final class DirtyBitmap {

    private final int pages;
    private final int pagesPerWord;
    private final AtomicLongArray words;

    public DirtyBitmap(Bounds bounds) {
        this(bounds.pages(), bounds.pagesPerWord());
    }

    /**
     * A bitmap of any size, past the model's bounds: a real memslot's (the harvest benchmarks use a 1 TiB
     * guest's, 2^28 pages at 64 a word, 32 MiB).
     */
    public DirtyBitmap(int pages, int pagesPerWord) {
        if (pages < 1 || pagesPerWord < 1 || pagesPerWord > 64) {
            throw new IllegalArgumentException(pages + " pages at " + pagesPerWord + " a word is not a bitmap");
        }
        this.pages = pages;
        this.pagesPerWord = pagesPerWord;
        this.words = new AtomicLongArray((int) (((long) pages + pagesPerWord - 1) / pagesPerWord));
    }

    /** Every bit set (KVM_DIRTY_LOG_INITIALLY_SET). */
    public void setAll() {
        for (int p = 0; p < pages; p++) {
            set_bit(p);
        }
    }

    public int length() {
        return words.length();
    }

    public int wordOf(int p) {
        return p / pagesPerWord;
    }

    public long bitOf(int p) {
        return 1L << (p % pagesPerWord);
    }

    /** The word, loaded once. */
    public long get(int w) {
        return words.get(w);
    }

    /** A plain store of the word (the second half of a load-then-store). */
    public void set(int w, long value) {
        words.set(w, value);
    }

    public boolean test(int p) {
        return (words.get(wordOf(p)) & bitOf(p)) != 0;
    }

    /** set_bit_le(page, bitmap): one atomic read-modify-write of the page's word. */
    public void set_bit(int p) {
        int w = wordOf(p);
        long bit = bitOf(p);
        long old;
        do {
            old = words.get(w);
        } while ((old & bit) == 0 && !words.compareAndSet(w, old, old | bit));
    }

    /** xchg(&bitmap[w], 0): returns the word and clears it atomically. */
    public long xchg(int w) {
        return words.getAndSet(w, 0);
    }

    /** atomic_long_fetch_andnot(mask, &bitmap[w]): clears the mask's bits, returns the word before. */
    public long fetch_andnot(int w, long mask) {
        long old;
        do {
            old = words.get(w);
        } while (!words.compareAndSet(w, old, old & ~mask));
        return old;
    }

    /** The pages whose bit is set, ascending: the TLA+ view of the bitmap (a set of pages). */
    public Set<Long> pages() {
        Set<Long> r = new LinkedHashSet<>();
        for (int p = 0; p < pages; p++) {
            if (test(p)) {
                r.add((long) p);
            }
        }
        return r;
    }

    /** The words in binary, as traces print them: 0b1,0b0. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words.length(); w++) {
            sb.append(w == 0 ? "" : ",").append("0b").append(Long.toBinaryString(words.get(w)));
        }
        return sb.toString();
    }
}
