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
 * The variant a forked jcstress JVM stresses in one slot of a batch, read once from the system properties the
 * jcstress back-end sets (through jcstress's {@code -jvmArgs} or {@code -jvmArgsPrepend}). Slot 0 ({@link
 * ProtocolRace}) reads the properties below; slot k of 1..{@value #SLOTS}-1 ({@code RaceSlot1..7}) reads the
 * same names suffixed {@code .k} ({@link #property}), so that one harness run carries up to {@value #SLOTS}
 * variants, each its own test:
 * <ul>
 *   <li>{@value #PROPERTY}: the variant file (required; the test errors out without it);</li>
 *   <li>{@value #BURST}: how many times a writer's thread repeats its operations (default {@value #DEFAULT_BURST});
 *       one value for every slot (never suffixed);</li>
 *   <li>{@value #TRACES}: a folder where the first losing runs of each JVM are written, one file each
 *       (optional);</li>
 *   <li>{@value #RACES}: the races, as the back-end wrote them ({@link RaceScenarios#lines}); without it the
 *       forked JVM generates them itself (optional).</li>
 * </ul>
 */
final class VariantHolder {

    static final String PROPERTY = "dirtyproof.variant";
    static final String BURST = "dirtyproof.jcstress.burst";
    static final String TRACES = "dirtyproof.jcstress.traces";
    static final String RACES = "dirtyproof.jcstress.races";
    static final int DEFAULT_BURST = 8;
    /** Losing runs written per JVM: the back-end reports one, the rest help a reader. */
    static final int MAX_TRACES = 3;
    /** Slots of a batch: ProtocolRace and RaceSlot1..RaceSlot7. */
    static final int SLOTS = 8;

    private static final java.util.concurrent.atomic.AtomicReferenceArray<VariantHolder> INSTANCES =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(SLOTS);

    private final int slot;
    /** The samples this slot's test has created in this JVM: they rotate through the races. */
    private final AtomicInteger samples = new AtomicInteger();

    private final Variant variant;
    private final Variant stressed;
    private final int burst;
    private final Path traces;
    private final AtomicInteger saved = new AtomicInteger();
    private final List<RaceScenarios.Race> races;

    private VariantHolder(int slot, Variant variant, int burst, Path traces, List<RaceScenarios.Race> races) {
        this.slot = slot;
        if (!variant.family().modelled()) {
            throw new IllegalStateException("ProtocolRace stresses a modelled protocol, not " + variant.protocol());
        }
        this.variant = variant;
        this.burst = burst;
        this.stressed = stressed(variant, burst);
        this.traces = traces;
        this.races = races != null ? races : RaceScenarios.of(variant);
        if (this.races.isEmpty()) {
            throw new IllegalStateException("the variant " + variant.name() + " has no scenario with two threads"
                    + " within its bounds " + variant.bounds() + ": nothing to race");
        }
    }

    /** The variant ProtocolRace runs: its writes bound raised to fit every thread's burst. */
    static Variant stressed(Variant variant, int burst) {
        return RaceScenarios.stressed(variant, burst);
    }

    /** The races the samples rotate through. */
    List<RaceScenarios.Race> races() {
        return races;
    }

    /** The system property {@code name} of a slot: the name itself for slot 0, {@code name.k} for slot k. */
    static String property(String name, int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is not in 0.." + (SLOTS - 1));
        }
        return slot == 0 ? name : name + "." + slot;
    }

    /** Slot 0's variant: {@link ProtocolRace}'s. */
    static VariantHolder get() {
        return get(0);
    }

    static VariantHolder get(int slot) {
        VariantHolder h = INSTANCES.get(slot);
        if (h == null) {
            synchronized (VariantHolder.class) {
                h = INSTANCES.get(slot);
                if (h == null) {
                    h = load(slot);
                    INSTANCES.set(slot, h);
                }
            }
        }
        return h;
    }

    private static VariantHolder load(int slot) {
        String file = System.getProperty(property(PROPERTY, slot));
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("no variant: set -D" + property(PROPERTY, slot) + "=<variant.yaml> in the "
                    + "forked JVMs (jcstress -jvmArgsPrepend), or run it with ./dirtyproof check --backend jcstress");
        }
        Variant v = VariantLoader.load(Paths.get(file));
        int burst = Integer.getInteger(BURST, DEFAULT_BURST);
        if (burst < 1 || burst > 10_000) {
            throw new IllegalStateException(BURST + " = " + burst + " is out of range 1..10000");
        }
        String t = System.getProperty(property(TRACES, slot));
        String rf = System.getProperty(property(RACES, slot));
        List<RaceScenarios.Race> races = null;
        if (rf != null && !rf.isBlank()) {
            try {
                races = RaceScenarios.parse(Files.readAllLines(Paths.get(rf), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the races " + rf + ": " + e);
            }
        }
        return new VariantHolder(slot, v, burst, t == null || t.isBlank() ? null : Paths.get(t), races);
    }

    /** The number of the next sample of this slot's test in this JVM (0, 1, ...). */
    int nextSample() {
        return samples.getAndIncrement();
    }

    int slot() {
        return slot;
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
    void saveTrace(Migration kvm, EventLog log, List<LostWrite> lost, int race) {
        int n = saved.incrementAndGet();
        if (traces == null || n > MAX_TRACES) {
            return;
        }
        List<Event> events = log.merged();
        Counterexample cx = Counterexample.of(kvm, events, Collections.nCopies(events.size(), ""), lost);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("variant", variant.name());
        doc.put("race", race);
        doc.put("scenario", races.get(race).name());
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
