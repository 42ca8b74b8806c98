package io.dtf.pool.browser.impl.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a profile's browsers are got. */
public enum Backend {
    /** The pool starts a driver, which launches the browser. */
    LOCAL,
    /** The pool starts the browser with a debugging port, then a driver that attaches to it. */
    ATTACH,
    /** Sessions of a Selenium Grid. */
    GRID;

    /** The name configuration and status use ({@code local}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Backend parse(String key, String value) {
        for (Backend backend : values()) {
            if (backend.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return backend;
            }
        }
        throw new IllegalArgumentException(key + " must be one of "
                + Arrays.stream(values()).map(Backend::label).collect(Collectors.joining(", ")) + ", not '" + value + "'");
    }
}
