package dirtyproof.backend;

import java.util.List;

/**
 * A knob a back-end declares (its key in {@link BackendOptions#extra}, e.g. {@code jcstress.mode}); the command
 * line offers it as {@code --jcstress-mode} and checks the value before anything runs. A back-end reads only
 * the options it declares; an option no selected back-end declares is an error.
 *
 * @param key         {@code <backend>.<name>}
 * @param choices     the valid values, or empty for a free value checked by {@code pattern}
 * @param pattern     a regular expression a free value must match ("" when choices are given)
 * @param dflt        the value when the option is not given
 * @param description one line for --help
 */
public record BackendOption(String key, List<String> choices, String pattern, String dflt, String description) {

    public BackendOption {
        choices = List.copyOf(choices);
    }

    public static BackendOption choice(String key, List<String> choices, String dflt, String description) {
        return new BackendOption(key, choices, "", dflt, description);
    }

    public static BackendOption value(String key, String pattern, String dflt, String description) {
        return new BackendOption(key, List.of(), pattern, dflt, description);
    }

    /** The command-line option: {@code --jcstress-mode} for {@code jcstress.mode}. */
    public String flag() {
        return "--" + key.replace('.', '-');
    }

    /** Null when the value is valid, else why not, with the valid choices. */
    public String problem(String value) {
        if (!choices.isEmpty()) {
            return choices.contains(value) ? null : "'" + value + "' is not a valid choice; valid choices: "
                    + String.join(", ", choices);
        }
        return value.matches(pattern) ? null : "'" + value + "' is not a valid value (expected " + pattern + ")";
    }
}
