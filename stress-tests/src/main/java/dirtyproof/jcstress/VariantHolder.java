package dirtyproof.jcstress;

import dirtyproof.model.Counterexample;
import dirtyproof.model.Event;
import dirtyproof.model.Json;
import dirtyproof.model.LostWrite;
import dirtyproof.model.Migration;
import dirtyproof.variant.Variant;
import dirtyproof.variant.VariantLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The variant a forked jcstress JVM stresses, read once from the system properties the jcstress back-end
 * sets (through jcstress's {@code -jvmArgsPrepend}):
 * <ul>
 *   <li>{@value #PROPERTY}: the variant file (required; the test errors out without it);</li>
 *   <li>{@value #BURST}: guest writes per vCPU burst (default {@value #DEFAULT_BURST});</li>
 *   <li>{@value #TRACES}: a folder where the first losing runs of each JVM are written, one file each
 *       (optional).</li>
 * </ul>
 */
final class VariantHolder {

    static final String PROPERTY = "dirtyproof.variant";
    static final String BURST = "dirtyproof.jcstress.burst";
    static final String TRACES = "dirtyproof.jcstress.traces";
    static final int DEFAULT_BURST = 8;
    /** Losing runs written per JVM: the back-end reports one, the rest help a reader. */
    static final int MAX_TRACES = 3;

    private static volatile VariantHolder instance;

    private final Variant variant;
    private final Variant stressed;
    private final int burst;
    private final Path traces;
    private final AtomicInteger saved = new AtomicInteger();

    private VariantHolder(Variant variant, int burst, Path traces) {
        if (!variant.family().modelled()) {
            throw new IllegalStateException("ProtocolRace stresses a modelled protocol, not " + variant.protocol());
        }
        this.variant = variant;
        this.burst = burst;
        this.stressed = stressed(variant, burst);
        this.traces = traces;
    }

    /** The variant ProtocolRace runs: its writes bound raised to fit the pre-state write and a burst. */
    static Variant stressed(Variant variant, int burst) {
        int writes = Math.max(variant.bounds().writes(), burst + 1);
        return variant.withBounds(variant.bounds().withWrites(writes));
    }

    static VariantHolder get() {
        VariantHolder h = instance;
        if (h == null) {
            synchronized (VariantHolder.class) {
                h = instance;
                if (h == null) {
                    h = load();
                    instance = h;
                }
            }
        }
        return h;
    }

    private static VariantHolder load() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("no variant: set -D" + PROPERTY + "=<variant.yaml> in the forked JVMs "
                    + "(jcstress -jvmArgsPrepend), or run it with ./dirtyproof check --backend jcstress");
        }
        Variant v = VariantLoader.load(Paths.get(file));
        int burst = Integer.getInteger(BURST, DEFAULT_BURST);
        if (burst < 1 || burst > 10_000) {
            throw new IllegalStateException(BURST + " = " + burst + " is out of range 1..10000");
        }
        String t = System.getProperty(TRACES);
        return new VariantHolder(v, burst, t == null || t.isBlank() ? null : Paths.get(t));
    }

    Variant variant() {
        return variant;
    }

    /** The variant with its writes bound raised to fit the pre-state and a burst. */
    Variant stressed() {
        return stressed;
    }

    int burst() {
        return burst;
    }

    boolean traces() {
        return traces != null;
    }

    /**
     * Writes the events of one losing run (the first {@value #MAX_TRACES} of this JVM) as a counterexample in
     * JSON: the steps as the threads reported them (no notes: the back-end replays them to get those).
     */
    void saveTrace(Migration kvm, EventLog log, List<LostWrite> lost, int scenario) {
        int n = saved.incrementAndGet();
        if (traces == null || n > MAX_TRACES) {
            return;
        }
        List<Event> events = log.merged();
        Counterexample cx = Counterexample.of(kvm, events, Collections.nCopies(events.size(), ""), lost);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("variant", variant.name());
        doc.put("scenario", scenario);
        doc.put("counterexample", cx.toMap());
        try {
            Files.createDirectories(traces);
            Path f = traces.resolve("trace-" + ProcessHandle.current().pid() + "-" + n + ".json");
            Files.writeString(f, Json.write(doc), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // a trace is a help, not the verdict: the forbidden outcome is counted by jcstress regardless
            System.err.println("dirtyproof: cannot write the losing trace: " + e);
        }
    }
}
