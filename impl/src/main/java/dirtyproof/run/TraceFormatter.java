package dirtyproof.run;

import dirtyproof.model.Event;
import dirtyproof.model.LostWrite;

import java.util.List;

/**
 * Prints a run the way kernel developers write races in commit messages: numbered steps in columns, one
 * column per actor, ending with the page whose write was lost and its mem/dest values.
 *
 * <pre>
 *  #  vcpu0                          harvester
 *  1  guest-write(p0) EPT violation
 *  2  make-writable(p0) W[p0]=1
 *  3                                 snapshot-clear(w0) bitmap=0b0
 * </pre>
 */
public final class TraceFormatter {

    private TraceFormatter() {
    }

    /** The steps in columns, one per actor of {@code actors}, then the oracle's answer. */
    public static String columns(List<String> actors, List<Event> events, List<String> notes, List<LostWrite> lost) {
        int[] width = new int[actors.size()];
        String[] cell = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String text = e.toString().substring(e.actor().length() + 1);
            String note = notes == null || i >= notes.size() ? "" : notes.get(i);
            cell[i] = note.isEmpty() ? text : text + " " + note;
            int col = actors.indexOf(e.actor());
            if (col >= 0) {
                width[col] = Math.max(width[col], cell[i].length());
            }
        }
        for (int c = 0; c < actors.size(); c++) {
            width[c] = Math.max(width[c], actors.get(c).length());
        }
        int num = String.valueOf(Math.max(1, events.size())).length();
        StringBuilder sb = new StringBuilder();
        sb.append(pad("#", num)).append("  ");
        for (int c = 0; c < actors.size(); c++) {
            sb.append(pad(actors.get(c), width[c])).append(c + 1 < actors.size() ? "  " : "");
        }
        sb.replace(0, sb.length(), sb.toString().stripTrailing()).append('\n');
        for (int i = 0; i < events.size(); i++) {
            int col = actors.indexOf(events.get(i).actor());
            StringBuilder line = new StringBuilder(pad(String.valueOf(i + 1), num)).append("  ");
            for (int c = 0; c < col; c++) {
                line.append(" ".repeat(width[c] + 2));
            }
            line.append(cell[i]);
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (lost.isEmpty()) {
            sb.append("NoLostWrite holds: dest = mem for every page\n");
        }
        for (LostWrite l : lost) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
