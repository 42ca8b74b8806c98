package io.dtf.coordinator.impl.lookup;

import java.time.Duration;

/** What the lookups share: the grace period of calls whose service goes away, the messages. */
final class Lookups {
    /**
     * How long a call still running when its service goes away may take to finish: long enough for an HTTP call
     * under way (the HTTP client's own time-outs are shorter), short enough that nothing waits for ever.
     */
    static final Duration GRACE = Duration.ofSeconds(30);

    private Lookups() {
    }

    static String nameTakenProblem(String name) {
        return "the name '" + name + "' is taken by another instance with a higher service.ranking or registered"
                + " earlier; give this one another (its configuration's name, or its name property)";
    }

    /** Why an instance cannot be listed whole: what it failed at, with the exception's class and message. */
    static String failed(String call, Throwable failure) {
        return call + "() failed: " + failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
