package io.dtf.executor.browser.impl.job;

import io.dtf.api.task.TaskState;
import java.time.Duration;
import java.util.Objects;

/**
 * One part of a job, or its merge: what the script reported, or why it could not report.
 *
 * @param label {@code shard 2/3}, {@code merge}, or {@code null} for the only part of a job of one shard
 * @param outcome what the script reported (its error included), or {@code null} when it did not run to an answer
 * @param failure {@code FAILED} (the script could not run: a syntax error, a page that does not load) or
 *     {@code ERROR} (no browser: refused, or failing on every try), when there is no outcome
 * @param problem why, in words, when there is no outcome
 * @param browser the browser it ran in ({@code chrome 156 (b3)}), or {@code null}
 */
public record Step(String label, ScriptOutcome outcome, TaskState failure, String problem, Duration took,
                   String browser) {
    public Step {
        if (outcome == null) {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(problem, "problem");
        }
    }

    static Step ran(String label, ScriptOutcome outcome, Duration took, String browser) {
        return new Step(label, outcome, null, null, took, browser);
    }

    static Step failed(String label, TaskState failure, String problem, Duration took, String browser) {
        return new Step(label, null, failure, problem, took, browser);
    }

    /** Whether the script answered without throwing (its checks may still have failed). */
    public boolean answered() {
        return outcome != null && outcome.error() == null;
    }

    /** {@code label: }, or nothing for the only part. */
    public String prefix() {
        return label == null ? "" : label + ": ";
    }
}
