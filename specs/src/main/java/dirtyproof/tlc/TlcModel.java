package dirtyproof.tlc;

import dirtyproof.model.Bounds;
import dirtyproof.variant.Choice;
import dirtyproof.variant.HarvestStep;
import dirtyproof.variant.Variant;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The TLC model of one get-log variant: an instance module {@code MC.tla} that extends
 * {@code DirtyLog} and defines the sequence- and set-valued constants, and {@code MC.cfg} that assigns every
 * constant of DirtyLog.tla from the variant's keys and bounds and names the invariants to check.
 */
public final class TlcModel {

    /** The module TLC is run on. */
    public static final String MODULE = "MC";
    /** The specification it instantiates. */
    public static final String SPEC = "DirtyLog";

    /** The invariants every check verifies: the type invariant, and the one that decides the verdict. */
    public static final List<String> INVARIANTS = List.of("TypeOK", "NoLostWrite");

    private TlcModel() {
    }

    /** MC.tla: the instance module. */
    public static String module(Variant v) {
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(MODULE).append(" ----\n");
        sb.append("\\* Variant ").append(v.name()).append(": ").append(v.describe()).append('\n');
        sb.append("EXTENDS ").append(SPEC).append('\n');
        sb.append("const_Harvest == ").append(seq(v.harvest())).append('\n');
        sb.append("const_MmuLock == ").append(set(v.harvest().stream().filter(v::locked).collect(Collectors.toList())))
                .append('\n');
        sb.append("const_FaultOrder == ").append(seq(v.faultOrder())).append('\n');
        sb.append("====\n");
        return sb.toString();
    }

    /** MC.cfg: constants, the behaviour spec, the view and the invariants. */
    public static String config(Variant v, List<String> invariants) {
        Bounds b = v.bounds();
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(v.name()).append(" ").append(b).append('\n');
        sb.append("CONSTANTS\n");
        sb.append("  NPages = ").append(b.pages()).append('\n');
        sb.append("  PagesPerWord = ").append(b.pagesPerWord()).append('\n');
        sb.append("  NVcpus = ").append(b.vcpus()).append('\n');
        sb.append("  NWrites = ").append(b.writes()).append('\n');
        sb.append("  NRounds = ").append(b.rounds()).append('\n');
        sb.append("  Harvest <- const_Harvest\n");
        sb.append("  MmuLock <- const_MmuLock\n");
        sb.append("  ClearOp = ").append(quote(v.clearOp().id())).append('\n');
        sb.append("  SetOp = ").append(quote(v.setOp().id())).append('\n');
        sb.append("  FaultPath = ").append(quote(v.faultPath().id())).append('\n');
        sb.append("  FaultOrder <- const_FaultOrder\n");
        sb.append("  Flush = ").append(quote(v.flush().id())).append('\n');
        sb.append("  HostWrites = ").append(v.hostWrites() ? "TRUE" : "FALSE").append('\n');
        sb.append("INIT Init\n");
        sb.append("NEXT Next\n");
        sb.append("VIEW view\n");
        for (String inv : invariants) {
            sb.append("INVARIANT ").append(inv).append('\n');
        }
        return sb.toString();
    }

    private static String seq(List<? extends Choice> l) {
        return l.stream().map(c -> quote(c.id())).collect(Collectors.joining(", ", "<<", ">>"));
    }

    private static String set(List<HarvestStep> l) {
        return l.stream().map(c -> quote(c.id())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
