package dirtyproof.cli;

import dirtyproof.check.Checker;
import dirtyproof.check.VariantResult;
import dirtyproof.variant.Variant;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Progress on a terminal while a long check runs: one line on standard error, rewritten every second,
 * {@code dirtyproof: [3/14] no-flush: lincheck 12 s}, erased when the variant's results are printed. Quiet when
 * standard error is not a terminal (CI logs, pipes, tests): then nothing is written at all.
 */
final class Progress implements Checker.Listener, AutoCloseable {

    private final PrintWriter err;
    private final boolean on;
    private final int total;
    private final Consumer<VariantResult> done;
    private final Thread ticker;
    private volatile String label;
    private volatile long since;
    private int index;
    private Variant current;
    private int shown;

    /**
     * @param on   whether to show progress (see {@link #terminal})
     * @param done called with each variant's results (the results are printed there)
     */
    Progress(PrintWriter err, boolean on, int total, Consumer<VariantResult> done) {
        this.err = err;
        this.on = on;
        this.total = total;
        this.done = done;
        if (on) {
            ticker = new Thread(this::tick, "dirtyproof-progress");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    /**
     * True when progress belongs on this process's standard error: an interactive terminal (a console), unless
     * {@code -Ddirtyproof.progress=false}; {@code -Ddirtyproof.progress=true} forces it on.
     */
    static boolean terminal() {
        String p = System.getProperty("dirtyproof.progress", "");
        if (!p.isEmpty()) {
            return Boolean.parseBoolean(p);
        }
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public synchronized void starting(Variant v, String backend) {
        if (v != current) {
            current = v;
            index++;
        }
        label = "[" + index + "/" + total + "] " + v.name() + ": " + backend;
        since = System.nanoTime();
        show();
    }

    @Override
    public synchronized void batch(java.util.List<Variant> variants, String backend) {
        label = label + " (" + variants.size() + " variants in one run: " + variants.get(0).name() + " to "
                + variants.get(variants.size() - 1).name() + ")";
        show();
    }

    @Override
    public synchronized void done(VariantResult r) {
        clear();
        label = null;
        done.accept(r);
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (label != null) {
                    show();
                }
            }
        }
    }

    private void show() {
        if (!on) {
            return;
        }
        String line = "dirtyproof: " + label + " " + (System.nanoTime() - since) / 1_000_000_000L + " s";
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = line.length();
    }

    private void clear() {
        if (on && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }

    @Override
    public synchronized void close() {
        clear();
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
