package dirtyproof.family;

import dirtyproof.model.Bounds;
import dirtyproof.model.Migration;
import dirtyproof.model.Step;
import dirtyproof.variant.KeyReader;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.List;

/**
 * A protocol family (docs/variants.md): KVM_GET_DIRTY_LOG with protect, KVM_CLEAR_DIRTY_LOG, the dirty
 * ring, ... One object per family knows its protocol id, its own variant keys (parsed and validated here,
 * with their defaults), its steps, how to start a {@link Migration} for a variant, its TLA+ module and
 * constants, and its scenarios for the sampling back-ends. The machine (vCPUs, fault paths, TLBs, the host
 * writer, pause, send, NoLostWrite) is shared; a family says how its writers record a dirty page.
 *
 * <p>Back-ends see only {@link Variant}, {@link Family}, {@link Migration}, actors and events: a family
 * plugs in by being listed in {@link Families}, never by editing a back-end.
 */
public interface Family {

    /** The protocol id variant files name: get-log, clear-log, srcu-swap, switch-log, ring, ring-with-bitmap. */
    String id();

    /** One line for reports: the ioctl or capability and its era. */
    String title();

    /** False for a protocol that is recognised but has no model yet (see {@link Families}). */
    default boolean modelled() {
        return true;
    }

    /** The family's own variant keys, in documented order (besides the shared machine keys). */
    List<String> keys();

    /** The shared machine keys' defaults in the family's era (srcu-swap: the locked path, __set_bit). */
    default MachineConfig machineDefaults() {
        return MachineConfig.TODAY;
    }

    /** The bounds a variant of the family gets when it names none. */
    default Bounds defaultBounds() {
        return Bounds.DEFAULT;
    }

    /** The family's own bounds beyond pages, pages-per-word, vcpus, writes and rounds. */
    default List<Bounds.Extra> extraBounds() {
        return List.of();
    }

    /**
     * Reads and validates the family's own keys (an absent key takes its default); errors name the origin, the
     * key, what was wrong and the valid choices ({@link KeyReader#error}).
     */
    FamilyConfig parse(KeyReader keys);

    /** Checks that need the whole variant (bounds and machine keys with the family's keys). */
    default void validate(Variant v, KeyReader keys) {
    }

    /** The variant with every key at the family's default, under the given name. */
    Variant defaults(String name);

    /**
     * The family's own lock sections of a variant, each under its name with the variant that does not take
     * mmu_lock for it (get-log: {@code mmu-lock: snapshot-clear} and the variant without snapshot-clear in
     * mmu-lock): what {@code --audit-locks} checks, besides the fault path's lock. None by default.
     */
    default java.util.Map<String, Variant> withoutLockSections(Variant v) {
        return java.util.Map.of();
    }

    /**
     * The machine keys that need a family's own part -- its TLA+ module's Next must have {@code tdp_mmu_map} and
     * {@code access_track}, its harvester must take mmu_lock through {@code Kvm.tryHarvestLock} and flush through
     * {@code Kvm.kvm_flush_remote_tlbs_if} -- that this family has: some of {@code fault-path: mixed},
     * {@code fault-lock}, {@code harvest-lock}, {@code spte-update}, {@code flush-when}, {@code aging}
     * ({@link dirtyproof.variant.MachineConfig#FAMILY_PART_KEYS}). A variant that gives one of the others a value
     * other than the machine's default is rejected: one back-end would honour it and another not. None by default.
     */
    default java.util.Set<String> familyPartKeys() {
        return java.util.Set.of();
    }

    /** The steps this family adds to the shared machine's (its harvest, its marking). */
    List<Step> steps();

    /** A fresh migration of the variant, at the start of dirty logging. */
    Migration start(Variant v);

    /** The TLC model of the variant: the module, every constant's value, the invariants. */
    TlaModel tla(Variant v);

    /**
     * The migration side's live rounds as the operations of one thread (get-log: the harvester's
     * {@code live-rounds}); the sampling back-ends race them against the writers. The final round is run after
     * the threads, by {@link dirtyproof.run.ScheduleDriver#complete}.
     */
    List<Op> liveRounds(Variant v);

    /**
     * The programs the sampling back-ends run for the variant, within its bounds: Lincheck explores every one,
     * jcstress races those with two threads. By default the shared writer programs beside the family's
     * {@link #liveRounds} ({@link Scenarios#standard}).
     */
    default List<Scenario> scenarios(Variant v) {
        return Scenarios.standard(v, liveRounds(v));
    }

    /**
     * True when swapping pages within a bitmap word (or whole words of the same size) changes nothing the family
     * can tell apart, so that the scenario generator ({@link Scenarios}) keeps one scenario of each such class.
     * A family whose state names a page by its number where nothing wrote it says false: the ring's entries start
     * as vzalloc leaves them, gfn 0, so a stale slot/offset read by userspace is page 0, and a write to page 1 is
     * not the same scenario as a write to page 0.
     */
    default boolean pagesInterchangeable() {
        return true;
    }
}
