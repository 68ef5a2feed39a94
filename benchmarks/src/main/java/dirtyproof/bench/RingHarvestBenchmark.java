package dirtyproof.bench;

import dirtyproof.model.DirtyBitmap;
import dirtyproof.ring.KvmDirtyRing;
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
 * The dirty ring's harvest against the bitmap's, for the same 1 TiB guest and the same K dirty pages: what a
 * migration iteration pays to learn which pages to send.
 *
 * <ul>
 *   <li>{@link #ringCollectReset}: userspace collects the K entries the vCPU pushed (QEMU's
 *       kvm_dirty_ring_reap_one: load-acquire of the flags, read of the gfn, the page marked in userspace's own
 *       bitmap, store-release of KVM_DIRTY_GFN_F_RESET), then KVM_RESET_DIRTY_RINGS (kvm_dirty_ring_reset:
 *       store-release of an invalid flag and reset_index++ per entry). Its cost is K.</li>
 *   <li>{@link #bitmapXchgLoop}: kvm_get_dirty_log_protect's snapshot-clear, {@code xchg(&bitmap[w], 0)} on
 *       every one of the slot's 4 Mi words. Its cost is the slot's size, whatever K is.</li>
 * </ul>
 *
 * The ratio bitmapXchgLoop / ringCollectReset at a K is the ring's advantage for a dirty set that sparse; it
 * falls as K grows. Neither side counts write-protection or the TLB flush, which only the bitmap pays.
 *
 * <p>Run: {@code mvn -B -Pjmh -pl benchmarks -am package && java -jar benchmarks/target/benchmarks.jar Ring}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RingHarvestBenchmark {

    /** A 1 TiB guest at 4 KiB pages, as in {@link GetLogHarvestBenchmark}. */
    static final int PAGES = GetLogHarvestBenchmark.PAGES;
    static final int PAGES_PER_WORD = GetLogHarvestBenchmark.PAGES_PER_WORD;

    /** The k-th of K dirty pages, spread evenly over the slot. */
    static int page(int k, int dirty) {
        return (int) ((long) k * PAGES / dirty);
    }

    /** One vCPU's ring, big enough for the K entries, and userspace's own bitmap of what it collected. */
    @State(Scope.Benchmark)
    public static class RingSide {
        /** Dirty pages per harvest. */
        @Param({"1024", "16384", "262144"})
        int dirty;

        KvmDirtyRing ring;
        DirtyBitmap collected;
        /** Where userspace resumes collecting (QEMU's fetch index). */
        int fetch;

        @Setup(Level.Trial)
        public void allocate() {
            ring = new KvmDirtyRing(Integer.highestOneBit(dirty - 1) << 1);
            collected = new DirtyBitmap(PAGES, PAGES_PER_WORD);
        }

        /** The guest dirtied its K pages again: K pushes (kvm_dirty_ring_push). */
        @Setup(Level.Invocation)
        public void dirty() {
            for (int k = 0; k < dirty; k++) {
                ring.pushFields(page(k, dirty));
                ring.pushFlag(true);
                ring.pushDone();
            }
        }
    }

    /** The kernel's bitmap of the same slot and get-log's snapshot of it. */
    @State(Scope.Benchmark)
    public static class BitmapSide {
        /** Dirty pages per harvest. */
        @Param({"1024", "16384", "262144"})
        int dirty;

        DirtyBitmap bitmap;
        long[] snap;

        @Setup(Level.Trial)
        public void allocate() {
            bitmap = new DirtyBitmap(PAGES, PAGES_PER_WORD);
            snap = new long[bitmap.length()];
        }

        /** The guest dirtied its K pages again: K bits (mark_page_dirty_in_slot's set_bit_le). */
        @Setup(Level.Invocation)
        public void dirty() {
            for (int k = 0; k < dirty; k++) {
                bitmap.set_bit(page(k, dirty));
            }
        }
    }

    /** Collect the K entries, then reset them: the ring's harvest. */
    @Benchmark
    public int ringCollectReset(RingSide r) {
        KvmDirtyRing ring = r.ring;
        int n = 0;
        while ((ring.loadFlags(r.fetch, true) & KvmDirtyRing.DIRTY) != 0) {
            r.collected.set_bit(ring.readGfn(r.fetch));
            ring.markReset(r.fetch);
            r.fetch++;
            n++;
        }
        while (ring.used() > 0 && ring.flagsAt(ring.slot(ring.resetIndex())) == KvmDirtyRing.RESET) {
            ring.invalidate();
        }
        return n;
    }

    /** snapshot-clear of the whole slot: the bitmap's harvest. */
    @Benchmark
    public long bitmapXchgLoop(BitmapSide b) {
        long any = 0;
        for (int w = 0; w < b.snap.length; w++) {
            long x = b.bitmap.xchg(w);
            b.snap[w] = x;
            any |= x;
        }
        return any;
    }
}
