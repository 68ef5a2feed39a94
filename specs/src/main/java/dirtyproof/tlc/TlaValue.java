package dirtyproof.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads values the way TLC prints them in a trace state: integers, strings, {@code TRUE}/{@code FALSE},
 * model values, sets {@code {0, 1}}, sequences {@code <<1, 2>>}, records {@code [step |-> "send", arg |-> 0]}
 * and functions {@code (0 :> 1 @@ 1 :> 0)}.
 *
 * <p>Results are Java values: {@link Long}, {@link String}, {@link Boolean}, {@link ModelValue},
 * {@link Set} (insertion ordered), {@link List} (sequences), and {@link Map} (records keyed by field name,
 * functions keyed by their parsed domain values). A sequence is also a function with domain 1..n and TLC
 * prints functions with such a domain as sequences; {@link #fn} reads either as a map.
 */
public final class TlaValue {

    /** An identifier TLC printed bare: a model value (or a constant it could not print otherwise). */
    public record ModelValue(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A value TLC printed that this reader cannot read. */
    public static final class ParseException extends RuntimeException {
        public ParseException(String message) {
            super(message);
        }
    }

    private final String s;
    private int i;

    private TlaValue(String s) {
        this.s = s;
    }

    /** Parses one whole value; anything left over is an error. */
    public static Object parse(String text) {
        TlaValue p = new TlaValue(text);
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    /** A function (or a sequence, or a record) as a map from its domain to its values. */
    @SuppressWarnings("unchecked")
    public static Map<Object, Object> fn(Object v) {
        if (v instanceof Map) {
            return (Map<Object, Object>) v;
        }
        if (v instanceof List) {
            Map<Object, Object> m = new LinkedHashMap<>();
            List<Object> l = (List<Object>) v;
            for (int k = 0; k < l.size(); k++) {
                m.put((long) (k + 1), l.get(k));
            }
            return m;
        }
        throw new ParseException("not a function: " + v);
    }

    /** An integer value. */
    public static long integer(Object v) {
        if (v instanceof Long) {
            return (Long) v;
        }
        throw new ParseException("not an integer: " + v);
    }

    /** A string value. */
    public static String string(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        throw new ParseException("not a string: " + v);
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw error("a value was expected");
        }
        char c = s.charAt(i);
        if (c == '"') {
            return str();
        }
        if (c == '-' || Character.isDigit(c)) {
            return num();
        }
        if (s.startsWith("<<", i)) {
            i += 2;
            List<Object> l = new ArrayList<>();
            list(">>", l);
            return l;
        }
        if (c == '{') {
            i++;
            List<Object> l = new ArrayList<>();
            list("}", l);
            return new LinkedHashSet<>(l);
        }
        if (c == '[') {
            return record();
        }
        if (c == '(') {
            return function();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String id = s.substring(start, i);
            if (id.equals("TRUE")) {
                return Boolean.TRUE;
            }
            if (id.equals("FALSE")) {
                return Boolean.FALSE;
            }
            return new ModelValue(id);
        }
        throw error("a value was expected");
    }

    private void list(String close, List<Object> into) {
        ws();
        if (s.startsWith(close, i)) {
            i += close.length();
            return;
        }
        while (true) {
            into.add(value());
            ws();
            if (s.startsWith(close, i)) {
                i += close.length();
                return;
            }
            expect(",");
        }
    }

    private Map<Object, Object> record() {
        expect("[");
        Map<Object, Object> m = new LinkedHashMap<>();
        ws();
        if (s.startsWith("]", i)) {
            i++;
            return m;
        }
        while (true) {
            ws();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i) {
                throw error("a record field name was expected");
            }
            String field = s.substring(start, i);
            expect("|->");
            m.put(field, value());
            ws();
            if (s.startsWith("]", i)) {
                i++;
                return m;
            }
            expect(",");
        }
    }

    /** {@code (k1 :> v1 @@ k2 :> v2)}; also a parenthesized single value. */
    private Object function() {
        expect("(");
        Map<Object, Object> m = new LinkedHashMap<>();
        while (true) {
            Object k = value();
            ws();
            if (m.isEmpty() && s.startsWith(")", i)) {
                i++;
                return k;
            }
            expect(":>");
            m.put(k, value());
            ws();
            if (s.startsWith(")", i)) {
                i++;
                return m;
            }
            expect("@@");
        }
    }

    private String str() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Long num() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start || (i == start + 1 && s.charAt(start) == '-')) {
            throw error("a number was expected");
        }
        return Long.parseLong(s.substring(start, i));
    }

    private void expect(String t) {
        ws();
        if (!s.startsWith(t, i)) {
            throw error("'" + t + "' was expected");
        }
        i += t.length();
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private ParseException error(String what) {
        int from = Math.max(0, i - 30);
        int to = Math.min(s.length(), i + 30);
        return new ParseException(what + " at offset " + i + " in TLC value: ..." + s.substring(from, to) + "...");
    }
}
