package dirtyproof.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC's {@code -tool} output, read as its messages:
 * {@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@}. Text outside any message
 * (SANY's parse errors, a JVM crash) is kept too: it is often the only explanation of a failure.
 */
public final class TlcOutput {

    /** Model checking completed, no error found. */
    public static final int SUCCESS = 2193;
    /** Invariant ... is violated. */
    public static final int INVARIANT_VIOLATED = 2110;
    /** Invariant ... is violated by the initial state. */
    public static final int INVARIANT_VIOLATED_INITIAL = 2107;
    /** Deadlock reached. */
    public static final int DEADLOCK = 2114;
    /** One state of an error trace. */
    public static final int TRACE_STATE = 2217;
    /** N states generated, N distinct states found, N states left on queue. */
    public static final int STATS = 2199;
    /** The depth of the complete state graph search is N. */
    public static final int DEPTH = 2194;
    /** Finished in N ms. */
    public static final int FINISHED = 2186;

    /** TLC's exit code for a safety violation. */
    public static final int EXIT_VIOLATION = 12;

    /** One message. Severity 0 is information, 1 an error, 2 TLC's bug, 3 a warning, 4 a trace state. */
    public record Message(int code, int severity, String body) {
    }

    /** One state of an error trace: its number, the action that led to it, and its variables (unparsed). */
    public record TraceState(int number, String action, Map<String, String> vars) {
    }

    private static final Pattern START = Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@");
    private static final Pattern END = Pattern.compile("@!@!@ENDMSG (\\d+) @!@!@");
    private static final Pattern STATS_TEXT = Pattern.compile(
            "([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left on queue");
    private static final Pattern DEPTH_TEXT = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Pattern STATE_HEAD = Pattern.compile("(\\d+): (.*)");

    private final List<Message> messages = new ArrayList<>();
    private final StringBuilder loose = new StringBuilder();

    private TlcOutput() {
    }

    /** Splits TLC's output into messages. Unterminated messages (TLC was killed) are kept as they are. */
    public static TlcOutput parse(String text) {
        TlcOutput o = new TlcOutput();
        String[] lines = text.split("\\R", -1);
        Integer code = null;
        int severity = 0;
        StringBuilder body = null;
        for (String line : lines) {
            Matcher st = START.matcher(line.trim());
            Matcher en = END.matcher(line.trim());
            if (st.matches()) {
                if (body != null) {
                    o.messages.add(new Message(code, severity, body.toString().strip()));
                }
                code = Integer.parseInt(st.group(1));
                severity = Integer.parseInt(st.group(2));
                body = new StringBuilder();
            } else if (en.matches() && body != null) {
                o.messages.add(new Message(code, severity, body.toString().strip()));
                body = null;
                code = null;
            } else if (body != null) {
                body.append(line).append('\n');
            } else if (!line.isBlank()) {
                o.loose.append(line).append('\n');
            }
        }
        if (body != null) {
            o.messages.add(new Message(code, severity, body.toString().strip()));
        }
        return o;
    }

    public List<Message> messages() {
        return messages;
    }

    /** Output outside of any message (SANY's errors, JVM messages). */
    public String loose() {
        return loose.toString();
    }

    public boolean has(int code) {
        return messages.stream().anyMatch(m -> m.code() == code);
    }

    public Optional<Message> first(int code) {
        return messages.stream().filter(m -> m.code() == code).findFirst();
    }

    /** Distinct states found (from the last 2199 statistics message), or -1. */
    public long distinctStates() {
        return stat(2);
    }

    /** States generated, or -1. */
    public long statesGenerated() {
        return stat(1);
    }

    private long stat(int group) {
        long r = -1;
        for (Message m : messages) {
            if (m.code() == STATS) {
                Matcher x = STATS_TEXT.matcher(m.body());
                if (x.find()) {
                    r = Long.parseLong(x.group(group).replace(",", ""));
                }
            }
        }
        return r;
    }

    /** The depth of the state graph search, or -1. */
    public long depth() {
        for (Message m : messages) {
            if (m.code() == DEPTH) {
                Matcher x = DEPTH_TEXT.matcher(m.body());
                if (x.find()) {
                    return Long.parseLong(x.group(1));
                }
            }
        }
        return -1;
    }

    /** The error messages (severity 1 and 2) and text outside messages: TLC's own explanation of a failure. */
    public String errors() {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if ((m.severity() == 1 || m.severity() == 2) && m.code() != 2121) {
                sb.append(m.body()).append('\n');
            }
        }
        String l = loose.toString().strip();
        if (!l.isEmpty()) {
            sb.append(l).append('\n');
        }
        return sb.toString().strip();
    }

    /** The states of the error trace, in order. */
    public List<TraceState> trace() {
        List<TraceState> r = new ArrayList<>();
        for (Message m : messages) {
            if (m.code() != TRACE_STATE) {
                continue;
            }
            String[] lines = m.body().split("\\R");
            Matcher h = STATE_HEAD.matcher(lines[0].trim());
            if (!h.matches()) {
                throw new TlaValue.ParseException("a trace state starts with 'N: <action>', not: " + lines[0]);
            }
            Map<String, String> vars = new LinkedHashMap<>();
            String name = null;
            StringBuilder val = null;
            for (int k = 1; k < lines.length; k++) {
                String line = lines[k];
                String t = line.strip();
                if (t.startsWith("/\\ ") && t.contains(" = ")) {
                    if (name != null) {
                        vars.put(name, val.toString().strip());
                    }
                    int eq = t.indexOf(" = ");
                    name = t.substring(3, eq).strip();
                    val = new StringBuilder(t.substring(eq + 3));
                } else if (name != null) {
                    val.append(' ').append(t);
                } else if (!t.isEmpty()) {
                    // a one-variable spec prints "x = v" without the conjunction bullet
                    int eq = t.indexOf(" = ");
                    if (eq > 0) {
                        name = t.substring(0, eq).strip();
                        val = new StringBuilder(t.substring(eq + 3));
                    }
                }
            }
            if (name != null) {
                vars.put(name, val.toString().strip());
            }
            r.add(new TraceState(Integer.parseInt(h.group(1)), h.group(2), vars));
        }
        return r;
    }
}
