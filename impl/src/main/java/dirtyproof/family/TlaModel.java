package dirtyproof.family;

import dirtyproof.model.Bounds;
import dirtyproof.variant.Choice;
import dirtyproof.variant.MachineConfig;
import dirtyproof.variant.Variant;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What TLC checks for one variant: the family's TLA+ module (which EXTENDS DirtyMachine), the value of every
 * CONSTANT as a TLA+ expression, and the invariants. The TLC back-end writes an instance module that defines
 * each value and a configuration that substitutes it for the constant.
 *
 * @param module     the family module, e.g. DirtyLog (shipped as specs/DirtyLog.tla)
 * @param modules    every module TLC needs: those the family module EXTENDS (DirtyMachine) and itself
 * @param constants  constant name -> TLA+ expression, in declaration order
 * @param invariants the invariants; NoLostWrite decides the verdict, the others must hold or the spec is broken
 * @param modelValues the model values the constants name (vcpu0, vcpu1, ...), each with the value the Java
 *                   implementation gives the same thing (vcpu0 is vCPU 0): traces are read back through it
 * @param symmetric  constants whose value is a set of model values that TLC may treat as a symmetry set: the
 *                   family's steps treat its members alike (get-log's vCPUs)
 */
public record TlaModel(String module, List<String> modules, Map<String, String> constants, List<String> invariants,
                       Map<String, Long> modelValues, List<String> symmetric) {

    /** The machine module every family module extends. */
    public static final String MACHINE = "DirtyMachine";

    /** The type invariant and the one that decides the verdict. */
    public static final List<String> INVARIANTS = List.of("TypeOK", "NoLostWrite");

    /** A family module that extends only the machine. */
    public TlaModel(String module, Map<String, String> constants, List<String> invariants) {
        this(module, List.of(MACHINE, module), constants, invariants);
    }

    /** A model without model values: every vCPU a number. */
    public TlaModel(String module, List<String> modules, Map<String, String> constants, List<String> invariants) {
        this(module, modules, constants, invariants, Map.of(), List.of());
    }

    public TlaModel {
        modules = List.copyOf(modules);
        if (!modules.contains(module)) {
            throw new IllegalArgumentException("the modules " + modules + " do not include the family module " + module);
        }
        constants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        invariants = List.copyOf(invariants);
        modelValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelValues));
        symmetric = List.copyOf(symmetric);
        for (String c : symmetric) {
            if (!constants.containsKey(c)) {
                throw new IllegalArgumentException("symmetric constant " + c + " is not a constant of the model");
            }
        }
    }

    /** The model value that names vCPU {@code v} (vcpu0 for 0): TLC prints it, reports use it as the actor. */
    public static String vcpuValue(int v) {
        return "vcpu" + v;
    }

    /**
     * The same model with the vCPUs as model values (vcpu0, vcpu1, ...) declared a symmetry set: for a family
     * whose steps treat every vCPU alike, TLC then explores one of each set of states that differ only by a
     * renaming of the vCPUs.
     */
    public TlaModel withSymmetricVcpus(int vcpus) {
        Map<String, String> c = new LinkedHashMap<>(constants);
        Map<String, Long> mv = new LinkedHashMap<>(modelValues);
        List<String> names = new java.util.ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            names.add(vcpuValue(v));
            mv.put(vcpuValue(v), (long) v);
        }
        c.put("Vcpus", "{" + String.join(", ", names) + "}");
        List<String> sym = new java.util.ArrayList<>(symmetric);
        if (!sym.contains("Vcpus")) {
            sym.add("Vcpus");
        }
        return new TlaModel(module, modules, c, invariants, mv, sym);
    }

    /**
     * Whether the machine lets vCPUs be a symmetry set: not when mmu_lock may be held shared, whose holders are
     * the bits of one number (DirtyMachine.tla's HolderBit), which a renaming of the vCPUs would not rename.
     */
    public static boolean vcpusMayBeSymmetric(MachineConfig m) {
        return m.faultLock() != dirtyproof.variant.LockMode.SHARED
                && m.harvestLock() != dirtyproof.variant.HarvestLock.SHARED;
    }

    /** The same model with no symmetry set (the constants keep their model values). */
    public TlaModel withoutSymmetry() {
        return new TlaModel(module, modules, constants, invariants, modelValues, List.of());
    }

    /** The constants of DirtyMachine.tla every family module has: the bounds and the shared machine keys. */
    public static Map<String, String> machineConstants(Bounds b, MachineConfig m) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("NPages", String.valueOf(b.pages()));
        c.put("PagesPerWord", String.valueOf(b.pagesPerWord()));
        c.put("NVcpus", String.valueOf(b.vcpus()));
        c.put("Vcpus", "0.." + (b.vcpus() - 1));
        c.put("NWrites", String.valueOf(b.writes()));
        c.put("NRounds", String.valueOf(b.rounds()));
        c.put("SetOp", str(m.setOp().id()));
        c.put("FaultPath", str(m.faultPath().id()));
        c.put("FaultOrder", seq(m.faultOrder()));
        c.put("Flush", str(m.flush().id()));
        c.put("HostWrites", bool(m.hostWrites()));
        c.put("FaultLock", str(m.faultLock().id()));
        c.put("HarvestLock", str(m.harvestLock().id()));
        c.put("MmuLockKind", str(m.mmuLockKind().id()));
        c.put("SpteUpdate", str(m.spteUpdate().id()));
        c.put("FlushWhen", str(m.flushWhen().id()));
        c.put("Aging", bool(m.aging()));
        return c;
    }

    /** The machine's constants, then a harvest config's Harvest (in order) and MmuLock. */
    public static Map<String, String> harvestConstants(Variant v, HarvestConfig<?> c) {
        Map<String, String> k = machineConstants(v.bounds(), v.machine());
        k.put("Harvest", seq(c.harvest()));
        k.put("MmuLock", set(c.lockedInOrder()));
        return k;
    }

    /** A TLA+ string. */
    public static String str(String s) {
        return "\"" + s + "\"";
    }

    public static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    /** A TLA+ sequence of the choices' ids. */
    public static String seq(List<? extends Choice> l) {
        return l.stream().map(c -> str(c.id())).collect(Collectors.joining(", ", "<<", ">>"));
    }

    /** A TLA+ set of the choices' ids. */
    public static String set(Collection<? extends Choice> l) {
        return l.stream().map(c -> str(c.id())).collect(Collectors.joining(", ", "{", "}"));
    }
}
