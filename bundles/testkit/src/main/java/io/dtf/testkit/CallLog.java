package io.dtf.testkit;

import io.dtf.api.connector.ExternalSystemResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/** What the integration fakes share: the calls they received, one line each, and the failures a test scripted. */
final class CallLog {
    private final List<String> calls = new ArrayList<>();
    private final Deque<ExternalSystemResult> failures = new ArrayDeque<>();

    synchronized void failNext(ExternalSystemResult... results) {
        for (ExternalSystemResult result : results) {
            if (Objects.requireNonNull(result, "result").success()) {
                throw new IllegalArgumentException("a scripted failure must be a failed result: " + result.describe());
            }
            failures.add(result);
        }
    }

    /** Records a call and answers the next scripted failure, or {@code null} when the call is to be done. */
    synchronized ExternalSystemResult call(String line) {
        calls.add(line);
        return failures.poll();
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
