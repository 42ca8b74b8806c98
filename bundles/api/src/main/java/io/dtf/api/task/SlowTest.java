package io.dtf.api.task;

import java.time.Duration;

/**
 * How long one test took: in one run, or over recent runs ({@link SlowestTestsQuery}).
 *
 * @param test its identity
 * @param suite its suite as last reported
 * @param className its class as last reported, or {@code null}
 * @param name its name
 * @param mean its mean duration over {@code executions}
 * @param max its longest duration
 * @param executions how many results were counted: one per task result that reported it
 */
public record SlowTest(TestId test, String suite, String className, String name, Duration mean, Duration max,
                       int executions) {
}
