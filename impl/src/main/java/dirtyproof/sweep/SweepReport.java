package dirtyproof.sweep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A sweep's table and rule as text (the terminal) and as Markdown (a CI job summary). */
public final class SweepReport {

    private SweepReport() {
    }

    /** A value of a varied key as the table shows it: a list as "a, b, c", none as "(none)". */
    static String cell(Object v) {
        if (v instanceof Collection) {
            Collection<?> c = (Collection<?>) v;
            if (c.isEmpty()) {
                return "(none)";
            }
            List<String> r = new ArrayList<>();
            c.forEach(x -> r.add(String.valueOf(x)));
            return String.join(", ", r);
        }
        return String.valueOf(v);
    }

    /** TLC's distinct states, or "" when TLC did not run. */
    static String states(SweepResult.Entry e) {
        Map<String, Object> tlc = e.backends().get(Sweep.TLC);
        if (tlc == null || !(tlc.get("explored") instanceof Map)) {
            return "";
        }
        Object n = ((Map<?, ?>) tlc.get("explored")).get("states");
        return n == null ? "" : String.valueOf(n);
    }

    /** Seconds every back-end took, "cached" when every answer was reused. */
    static String seconds(SweepResult.Entry e) {
        double s = 0;
        boolean allCached = !e.backends().isEmpty();
        for (Map<String, Object> b : e.backends().values()) {
            s += ((Number) b.getOrDefault("seconds", 0)).doubleValue();
            allCached &= Boolean.TRUE.equals(b.get("cached"));
        }
        return allCached ? "cached" : String.format("%.1f", s);
    }

    /** The table, the rejected combinations and the rule, for a terminal. */
    public static String text(SweepResult r) {
        List<String> head = new ArrayList<>();
        head.add("#");
        head.addAll(r.varied());
        head.add("verdict");
        head.add("states");
        head.add("s");
        List<List<String>> rows = new ArrayList<>();
        for (SweepResult.Entry e : r.entries()) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(e.index()));
            for (String k : r.varied()) {
                row.add(cell(e.variant().get(k)));
            }
            row.add(e.verdict());
            row.add(states(e));
            row.add(seconds(e));
            rows.add(row);
        }
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = head.get(i).length();
            for (List<String> row : rows) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("sweep of ").append(r.protocol()).append(", varying ").append(String.join(", ", r.vary()));
        if (!r.fixed().isEmpty()) {
            sb.append(", with ").append(r.fixed());
        }
        sb.append(": ").append(r.total()).append(" combination").append(r.total() == 1 ? "" : "s");
        if (!r.shards().equals(List.of("1/1"))) {
            sb.append(", shard").append(r.shards().size() == 1 ? " " : "s ").append(String.join(" ", r.shards()));
        }
        sb.append('\n');
        line(sb, head, w);
        for (List<String> row : rows) {
            line(sb, row, w);
        }
        r.rejected().forEach((i, why) -> sb.append(String.format("%" + w[0] + "d  not a variant: %s%n", i, why)));
        if (!r.missing().isEmpty()) {
            sb.append("missing: no answer for combinations ").append(r.missing()).append(" of the shards given\n");
        }
        if (!r.uncovered().isEmpty()) {
            sb.append("shard").append(r.shards().size() == 1 ? " " : "s ").append(String.join(" ", r.shards()))
                    .append(" only: the rule below is of these ").append(r.entries().size())
                    .append(" combinations; combinations ").append(r.uncovered())
                    .append(" are in no shard given (merge every shard for the sweep's rule)\n");
        }
        sb.append("\nrule: ").append(r.rule().summary()).append('\n');
        for (List<Condition> alt : r.rule().alternatives()) {
            sb.append("  as short: ").append(Rule.text(alt)).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            boolean right = i == 0 || i >= cells.size() - 2;
            String c = cells.get(i);
            l.append(i == 0 ? "" : "  ").append(right ? pad(c, w[i], true) : pad(c, w[i], false));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    /** The table and the rule in Markdown. */
    public static String markdown(SweepResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## dirtyproof sweep: ").append(r.protocol()).append(", varying ").append(String.join(", ", r.vary()))
                .append("\n\n");
        sb.append("**Rule:** ").append(md(r.rule().summary())).append("\n\n");
        sb.append("| # | ");
        r.varied().forEach(k -> sb.append(md(k)).append(" | "));
        sb.append("verdict | TLC states | s |\n|---:|");
        r.varied().forEach(k -> sb.append("---|"));
        sb.append("---|---:|---:|\n");
        for (SweepResult.Entry e : r.entries()) {
            sb.append("| ").append(e.index()).append(" | ");
            for (String k : r.varied()) {
                sb.append(md(cell(e.variant().get(k)))).append(" | ");
            }
            String v = e.verdict().equals("safe") ? "safe" : "**" + e.verdict() + "**";
            sb.append(v).append(" | ").append(states(e)).append(" | ").append(seconds(e)).append(" |\n");
        }
        if (!r.rejected().isEmpty()) {
            sb.append("\nNot variants:\n");
            r.rejected().forEach((i, why) -> sb.append("- ").append(i).append(": ").append(md(why)).append('\n'));
        }
        if (!r.missing().isEmpty() || !r.uncovered().isEmpty()) {
            sb.append("\nMissing: ").append(r.missing()).append(" (no answer), ").append(r.uncovered())
                    .append(" (in no shard given)\n");
        }
        return sb.toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("_", "\\_");
    }
}
