package io.dtf.api.connector;

/**
 * Checks of configured numbers, with the message every integration bundle gives for a bad one:
 * {@code io.dtf.connector.slack: messagesPerSecond must be 1 or more, not 0}.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * {@code value} when it is at least {@code min}.
     *
     * @param where what the value configures, for the message: the PID, or the PID and the instance
     * @throws IllegalArgumentException naming {@code where}, the key, the bound and the value otherwise
     */
    public static int atLeast(String where, String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(where + ": " + key + " must be " + min + " or more, not " + value);
        }
        return value;
    }
}
