package dirtyproof.bitmaps;

import dirtyproof.family.Family;
import dirtyproof.family.Op;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A family whose migration side is a {@link ProgramHarvester} (clear-log, srcu-swap, switch-log): its id, title,
 * keys and era's machine as the subclass gives them, the harvester's {@code live-rounds} (beside which the
 * writers' programs are the scenarios), and the machine keys with a family part that the three have.
 */
public abstract class ProgramFamily implements Family {

    /**
     * The machine keys with a family part that the three bitmap families have: their TLA+ modules take the
     * machine's tdp_mmu_map and access_track, their harvesters take mmu_lock in the harvest-lock mode. Not
     * flush-when: their flush-tlb flushes whenever it runs (no condition in their modules), so the loader
     * rejects any other value.
     */
    public static final Set<String> FAMILY_PARTS = MachineConfig.FAMILY_PART_KEYS.stream()
            .filter(k -> !k.equals("flush-when")).collect(Collectors.toUnmodifiableSet());

    private final String id;
    private final String title;
    private final List<String> keys;
    private final MachineConfig machineDefaults;

    /**
     * @param title           one line for reports: the ioctl or capability and its era
     * @param keys            the family's own keys, in documented order
     * @param machineDefaults the shared machine keys' defaults in the family's era
     */
    protected ProgramFamily(String id, String title, List<String> keys, MachineConfig machineDefaults) {
        this.id = id;
        this.title = title;
        this.keys = List.copyOf(keys);
        this.machineDefaults = machineDefaults;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public List<String> keys() {
        return keys;
    }

    @Override
    public MachineConfig machineDefaults() {
        return machineDefaults;
    }

    @Override
    public List<Op> liveRounds(Variant v) {
        return List.of(Op.liveRounds(ProgramHarvester.NAME));
    }

    /** mixed fault path, fault-lock, harvest-lock, spte-update and aging; not flush-when. */
    @Override
    public Set<String> familyPartKeys() {
        return FAMILY_PARTS;
    }
}
