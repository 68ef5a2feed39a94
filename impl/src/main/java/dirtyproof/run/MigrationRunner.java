package dirtyproof.run;

import dirtyproof.getlog.GetLog;
import dirtyproof.kvm.HostWriter;
import dirtyproof.kvm.Vcpu;
import dirtyproof.model.Bounds;
import dirtyproof.model.LostWrite;
import dirtyproof.variant.FlushMode;
import dirtyproof.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live migration on real threads: one thread per vCPU writing random pages (with speculative walks and,
 * for an async flush, flush requests served at random exits), a host writer thread if the variant has one,
 * and the harvester thread, which runs live rounds for as long as anybody writes, then the final round.
 * Then the oracle: NoLostWrite.
 */
public final class MigrationRunner {

    /** What a run did and whether it lost a write. */
    public record Result(long guestWrites, long hostWrites, int liveRounds, List<LostWrite> lost, double seconds) {
        public boolean lostWrite() {
            return !lost.isEmpty();
        }
    }

    private MigrationRunner() {
    }

    /**
     * Runs the variant on real threads.
     *
     * @param pages          pages in the memslot
     * @param pagesPerWord   pages per bitmap word
     * @param vcpus          vCPU threads
     * @param writesPerVcpu  guest writes each vCPU makes (and the host writer, if the variant has one)
     * @param seed           seed of the page choices
     */
    public static Result run(Variant variant, int pages, int pagesPerWord, int vcpus, int writesPerVcpu, long seed)
            throws InterruptedException {
        Variant v = variant.withBounds(new Bounds(pages, pagesPerWord, vcpus, writesPerVcpu, 1));
        GetLog kvm = new GetLog(v);
        kvm.harvester().setLiveRounds(Integer.MAX_VALUE);
        AtomicLong guestWrites = new AtomicLong();
        AtomicLong hostWrites = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger writing = new AtomicInteger(vcpus + (kvm.host() != null ? 1 : 0));
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < vcpus; i++) {
            Vcpu vcpu = kvm.vcpu(i);
            SplittableRandom rnd = seeds.split();
            writers.add(new Thread(() -> {
                awaitStart(start);
                for (int n = 0; n < writesPerVcpu; n++) {
                    if ((n & 63) == 63) {
                        Thread.yield();   // a vCPU exits now and then; lets the flush IPI and the harvester in
                    }
                    if (rnd.nextInt(8) == 0) {
                        vcpu.tlbFillNow(rnd.nextInt(pages));
                    }
                    if (v.machine().flush() == FlushMode.ASYNC && rnd.nextInt(4) == 0) {
                        vcpu.applyFlushNow();
                    }
                    if (!vcpu.guestWriteBlocking(rnd.nextInt(pages))) {
                        break;
                    }
                    guestWrites.incrementAndGet();
                }
                writing.decrementAndGet();
            }, vcpu.name()));
        }
        HostWriter host = kvm.host();
        if (host != null) {
            SplittableRandom rnd = seeds.split();
            writers.add(new Thread(() -> {
                awaitStart(start);
                for (int n = 0; n < writesPerVcpu; n++) {
                    if ((n & 63) == 63) {
                        Thread.yield();
                    }
                    if (!host.writeBlocking(rnd.nextInt(pages))) {
                        break;
                    }
                    hostWrites.incrementAndGet();
                }
                writing.decrementAndGet();
            }, HostWriter.NAME));
        }
        int[] rounds = new int[1];
        Thread harvester = new Thread(() -> {
            awaitStart(start);
            while (writing.get() > 0) {
                kvm.harvester().roundBlocking();
                rounds[0]++;
            }
            kvm.harvester().setLiveRounds(kvm.harvester().round() + 1);   // one more live round, then the final one
            kvm.harvester().migrateBlocking();
        }, "harvester");
        long t0 = System.nanoTime();
        for (Thread t : writers) {
            t.setUncaughtExceptionHandler((th, e) -> failure.set(e));
            t.start();
        }
        harvester.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        harvester.start();
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        harvester.join();
        if (failure.get() != null) {
            throw new IllegalStateException("a migration thread failed", failure.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(guestWrites.get(), hostWrites.get(), rounds[0], kvm.lostWrites(), seconds);
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
