package io.dtf.http.impl.exchange;

import java.time.Duration;

/** What follows a try: the call's value, its failure, or another try after a wait. */
record Verdict<T>(T value, RuntimeException failure, Duration retryIn) {
    static <T> Verdict<T> done(T value) {
        return new Verdict<>(value, null, null);
    }

    static <T> Verdict<T> fail(RuntimeException failure) {
        return new Verdict<>(null, failure, null);
    }

    static <T> Verdict<T> retry(Duration wait) {
        return new Verdict<>(null, null, wait);
    }

    boolean isFinal() {
        return retryIn == null;
    }

    /** The value, or the failure thrown. */
    T valueOrThrow() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
