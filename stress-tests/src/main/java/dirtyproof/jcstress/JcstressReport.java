package dirtyproof.jcstress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one jcstress run printed (run with {@code -v}, so that every test's table is printed), reduced to what
 * a verdict needs: did the test run, in which category it ended (failed, error, interesting, passed), and its
 * outcome table across all configurations.
 *
 * <pre>
 * RUN RESULTS:
 *   Interesting tests: No matches.
 *   Failed tests: 1 matching test results.
 * ...... [FAILED] dirtyproof.jcstress.ProtocolRace
 *   Results across all configurations:
 *             RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
 *   0, 0, -1, -1, -1  2,418,832   48.01%  Acceptable  stale-tlb: NoLostWrite holds, ...
 *      1, 0, 0, 9, 1        196   &lt;0.01%   Forbidden  stale-tlb: LOST WRITE ...
 * </pre>
 */
public final class JcstressReport {

    /** Where jcstress filed the test in its run results. */
    public enum Category { FAILED, ERROR, INTERESTING, PASSED, NOT_RUN }

    /** One row of an outcome table. */
    public record Row(String result, long samples, String expect, String description) {
        public boolean forbidden() {
            return expect.equalsIgnoreCase("Forbidden") || expect.equalsIgnoreCase("Unknown");
        }
    }

    private static final Pattern ROW = Pattern.compile(
            "^\\s*(.+?)\\s+([0-9][0-9,]*)\\s+[<>]?[0-9.]+%\\s+(Acceptable|Forbidden|Interesting|Unknown)\\s*(.*)$");
    private static final Pattern HEADER = Pattern.compile("^\\s*RESULT\\s+SAMPLES\\s+FREQ\\s+EXPECT\\s+DESCRIPTION\\s*$");

    private final boolean noMatchingTests;
    private final boolean noScheduling;
    private final boolean runResults;
    private final Category category;
    private final List<Row> rows;
    private final List<String> errorLines;

    private JcstressReport(boolean noMatchingTests, boolean noScheduling, boolean runResults, Category category,
                           List<Row> rows, List<String> errorLines) {
        this.noMatchingTests = noMatchingTests;
        this.noScheduling = noScheduling;
        this.runResults = runResults;
        this.category = category;
        this.rows = List.copyOf(rows);
        this.errorLines = List.copyOf(errorLines);
    }

    /** Parses jcstress's standard output for the test of this fully qualified name. */
    public static JcstressReport parse(String output, String testName) {
        String[] lines = output.split("\\R");
        boolean noMatching = false;
        boolean noScheduling = false;
        int runAt = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.contains("No matching tests")) {
                noMatching = true;
            }
            if (l.contains("No scheduling is possible")) {
                noScheduling = true;
            }
            if (l.trim().equals("RUN RESULTS:")) {
                runAt = i;
            }
        }
        if (runAt < 0) {
            return new JcstressReport(noMatching, noScheduling, false, Category.NOT_RUN, List.of(), List.of());
        }
        Category section = null;
        Category category = Category.NOT_RUN;
        List<Row> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean inTest = false;
        boolean inTable = false;
        for (int i = runAt + 1; i < lines.length; i++) {
            String l = lines[i];
            String t = l.trim();
            Category next = sectionOf(t);
            if (next != null) {
                section = next;
                inTest = false;
                continue;
            }
            if (t.startsWith("HTML report generated") || t.startsWith("Exception in thread")) {
                inTest = false;
                continue;
            }
            if (t.startsWith("......")) {
                // "...... [OK] name", "...... [FAILED] name", "...... [ERROR] name"
                inTest = section != null && t.endsWith(" " + testName);
                inTable = false;
                if (inTest) {
                    category = section;
                }
                continue;
            }
            if (!inTest) {
                continue;
            }
            if (t.startsWith("Results across all configurations")) {
                // the summary table: it replaces any per-configuration table printed before it
                rows.clear();
                continue;
            }
            if (HEADER.matcher(l).matches()) {
                inTable = true;
                continue;
            }
            if (inTable) {
                Matcher m = ROW.matcher(l);
                if (m.matches()) {
                    rows.add(new Row(m.group(1).trim(), Long.parseLong(m.group(2).replace(",", "")), m.group(3),
                            m.group(4).trim()));
                    continue;
                }
                inTable = false;
            }
            if (section == Category.ERROR && !t.isEmpty() && errors.size() < 40) {
                errors.add(t);
            }
        }
        return new JcstressReport(noMatching, noScheduling, true, category, rows, errors);
    }

    private static Category sectionOf(String t) {
        if (t.startsWith("Interesting tests:")) {
            return Category.INTERESTING;
        }
        if (t.startsWith("Failed tests:")) {
            return Category.FAILED;
        }
        if (t.startsWith("Error tests:")) {
            return Category.ERROR;
        }
        if (t.startsWith("All remaining tests:")) {
            return Category.PASSED;
        }
        return null;
    }

    /** jcstress said "No matching tests" (it exits 0 then). */
    public boolean noMatchingTests() {
        return noMatchingTests;
    }

    /** jcstress found no CPU allocation for the test's actors (fewer CPUs than actors). */
    public boolean noScheduling() {
        return noScheduling;
    }

    /** jcstress got as far as printing its run results. */
    public boolean completed() {
        return runResults;
    }

    public Category category() {
        return category;
    }

    public List<Row> rows() {
        return rows;
    }

    public long samples() {
        return rows.stream().mapToLong(Row::samples).sum();
    }

    public long forbidden() {
        return rows.stream().filter(Row::forbidden).mapToLong(Row::samples).sum();
    }

    /** The forbidden outcomes that were observed, most frequent first. */
    public List<Row> observedForbidden() {
        List<Row> r = new ArrayList<>();
        for (Row row : rows) {
            if (row.forbidden() && row.samples() > 0) {
                r.add(row);
            }
        }
        r.sort((a, b) -> Long.compare(b.samples(), a.samples()));
        return r;
    }

    /** What jcstress printed about an errored test (the first lines). */
    public List<String> errorLines() {
        return errorLines;
    }
}
