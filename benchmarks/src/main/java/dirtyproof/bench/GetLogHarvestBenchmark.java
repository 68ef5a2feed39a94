package dirtyproof.bench;

import dirtyproof.model.DirtyBitmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of KVM_GET_DIRTY_LOG's snapshot-clear in the Java implementation: {@code xchg(&bitmap[w], 0)} on
 * every word of a 1 TiB guest's bitmap (2^28 pages of 4 KiB, 64 a word: 4 Mi words, 32 MiB) through
 * {@link DirtyBitmap#xchg}, the primitive the get-log harvester runs, against a plain read of an array of the
 * same size -- the floor any scan of 32 MiB pays. With K dirty pages spread over the slot: the bitmap's cost
 * is the number of words, whatever K is; a ring's is K ({@link RingHarvestBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GetLogHarvestBenchmark {

    /** A 1 TiB guest at 4 KiB pages. */
    static final int PAGES = 1 << 28;
    static final int PAGES_PER_WORD = 64;

    /** Dirty pages per harvest, spread evenly over the slot. */
    @Param({"0", "1024", "262144"})
    int dirty;

    DirtyBitmap bitmap;
    long[] snap;
    long[] plain;

    @Setup(Level.Trial)
    public void allocate() {
        bitmap = new DirtyBitmap(PAGES, PAGES_PER_WORD);
        snap = new long[bitmap.length()];
        plain = new long[bitmap.length()];
        for (int k = 0; k < dirty; k++) {
            int p = (int) ((long) k * PAGES / dirty);
            plain[p / PAGES_PER_WORD] |= 1L << (p % PAGES_PER_WORD);
        }
    }

    /** The guest dirtied its K pages again since the last harvest. */
    @Setup(Level.Invocation)
    public void dirty() {
        for (int k = 0; k < dirty; k++) {
            bitmap.set_bit((int) ((long) k * PAGES / dirty));
        }
    }

    /** snapshot-clear of the whole slot: one atomic exchange per word, into the harvest's snapshot. */
    @Benchmark
    public long xchgLoop() {
        long any = 0;
        for (int w = 0; w < snap.length; w++) {
            long x = bitmap.xchg(w);
            snap[w] = x;
            any |= x;
        }
        return any;
    }

    /** A plain read of 32 MiB: what a scan costs without the atomics. */
    @Benchmark
    public long plainScan() {
        long any = 0;
        for (long x : plain) {
            any |= x;
        }
        return any;
    }
}
