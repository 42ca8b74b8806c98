package io.dtf.client.impl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: options anywhere ({@code --name value}, {@code --name=value}, flags), the
 * rest positional; {@code --} ends the options.
 */
final class Args {
    private final List<String> positional;
    private final Map<String, String> options;

    private Args(List<String> positional, Map<String, String> options) {
        this.positional = positional;
        this.options = options;
    }

    /**
     * @param withValue options that take a value ({@code --url})
     * @param flags options without one ({@code --wait})
     */
    static Args parse(String[] argv, Set<String> withValue, Set<String> flags) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean onlyPositional = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (onlyPositional || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                onlyPositional = true;
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option " + name + " takes no value");
                }
                options.put(name, "");
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = argv[++i];
                }
                options.put(name, value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return new Args(positional, options);
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    String value(String option) {
        return options.get(option);
    }

    /** Fails unless only these options were given. */
    void allowOnly(String command, Set<String> allowed) throws UsageException {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException("dtf " + command + " does not take " + name);
            }
        }
    }

    /** An option's value as a whole number in [min, max], or {@code null} when it is absent. */
    Integer integer(String option, int min, int max) throws UsageException {
        String v = options.get(option);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ": " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number: " + v);
        }
    }
}
