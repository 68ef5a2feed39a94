package dirtyproof.tlc;

import dirtyproof.family.TlaModel;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.Map;

/**
 * The TLC model of one variant: an instance module {@code MC.tla} that extends the family's module and
 * defines the value of every constant ({@code const_NPages == 2}, {@code const_Harvest == <<...>>}), and
 * {@code MC.cfg} that substitutes each value for its constant and names the invariants to check. Model values
 * (vcpu0, vcpu1) are declared in MC.tla and assigned as themselves in MC.cfg; the constants the model declares
 * symmetric ({@link TlaModel#symmetric}) become one {@code SYMMETRY} of all their permutations.
 */
public final class TlcModel {

    /** The module TLC is run on. */
    public static final String MODULE = "MC";

    /** The operator of MC.tla that is the model's SYMMETRY: the permutations of its symmetric sets. */
    public static final String SYMMETRY = "symmetry";

    private TlcModel() {
    }

    /** MC.tla: the instance module. */
    public static String module(Variant v, TlaModel tla) {
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(MODULE).append(" ----\n");
        sb.append("\\* Variant ").append(v.name()).append(": ").append(v.describe().replace('\n', ' ')).append('\n');
        sb.append("EXTENDS ").append(tla.module()).append('\n');
        if (!tla.modelValues().isEmpty()) {
            sb.append("CONSTANTS ").append(String.join(", ", tla.modelValues().keySet())).append('\n');
        }
        for (Map.Entry<String, String> c : tla.constants().entrySet()) {
            sb.append("const_").append(c.getKey()).append(" == ").append(c.getValue()).append('\n');
        }
        if (!tla.symmetric().isEmpty()) {
            sb.append(SYMMETRY).append(" == ").append(tla.symmetric().stream().map(c -> "Permutations(const_" + c + ")")
                    .collect(java.util.stream.Collectors.joining(" \\cup "))).append('\n');
        }
        sb.append("====\n");
        return sb.toString();
    }

    /** MC.cfg: constants, the behaviour spec, the view and the invariants. */
    public static String config(Variant v, TlaModel tla, List<String> invariants) {
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(v.name()).append(" ").append(v.bounds()).append('\n');
        sb.append("CONSTANTS\n");
        for (String mv : tla.modelValues().keySet()) {
            sb.append("  ").append(mv).append(" = ").append(mv).append('\n');
        }
        for (String c : tla.constants().keySet()) {
            sb.append("  ").append(c).append(" <- const_").append(c).append('\n');
        }
        sb.append("INIT Init\n");
        sb.append("NEXT Next\n");
        sb.append("VIEW view\n");
        if (!tla.symmetric().isEmpty()) {
            sb.append("SYMMETRY ").append(SYMMETRY).append('\n');
        }
        for (String inv : invariants) {
            sb.append("INVARIANT ").append(inv).append('\n');
        }
        return sb.toString();
    }
}
