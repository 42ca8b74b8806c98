package io.dtf.notify.impl.config;

/** The routing file cannot be used: the message names the file's line and key and what is wrong. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;

    public RulesException(String message) {
        super(message);
    }
}
