package io.dtf.notify.impl.events;

import io.dtf.api.notify.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An event as the notification system keeps it in a group (and in the group's journal): what its messages tell.
 *
 * @param id the event's id ({@code r12.3:1:TASK_FAILED})
 * @param type its {@code HookType} name
 * @param severity how much it matters
 * @param at when it happened
 * @param labels its labels (routing, grouping, silences, inhibition)
 * @param title one line about it ({@code task unit of nightly failed})
 * @param message why it failed, when told, or {@code null}
 * @param tests the failed tests it reports (new failures first), at most a few dozen
 * @param testsLeftOut how many more failed tests it had
 * @param fixed the tests that passed again (back to normal)
 * @param link the run in DTF, or {@code null}
 */
public record EventRecord(String id, String type, Severity severity, Instant at, Map<String, String> labels,
                          String title, String message, List<TestLine> tests, int testsLeftOut, List<TestLine> fixed,
                          String link) {
    public EventRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        tests = tests == null ? List.of() : List.copyOf(tests);
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
    }

    /**
     * A test in a message.
     *
     * @param className its class
     * @param name its name
     * @param message its failure message, or {@code null}
     * @param firstFailure whether it failed for the first time (it passed, or did not run, the time before)
     */
    public record TestLine(String className, String name, String message, boolean firstFailure) {
    }
}
