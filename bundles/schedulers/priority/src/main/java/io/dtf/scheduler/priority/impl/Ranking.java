package io.dtf.scheduler.priority.impl;

import io.dtf.api.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * Effective priority at one instant: {@code priority + waited / agingSeconds}, where waited is the
 * time since the task was accepted. Queued and running tasks age alike, so the difference between
 * two tasks never changes: a task that wins once keeps winning, and a preempted task, queued again,
 * never takes its slot back from the one it made room for.
 */
final class Ranking {
    private final Instant now;
    private final double perSecond;

    Ranking(Instant now, int agingSeconds) {
        this.now = now;
        this.perSecond = agingSeconds > 0 ? 1.0 / agingSeconds : 0;
    }

    double of(Task task) {
        return task.priority() + aging(task);
    }

    /** What waiting adds to the task's priority. */
    double aging(Task task) {
        if (perSecond == 0 || task.createdAt() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(task.createdAt(), now).toMillis() / 1000.0) * perSecond;
    }

    /** Higher effective priority first; equals oldest first. */
    static final Comparator<Ranked> FIRST = Comparator.comparingDouble(Ranked::rank).reversed()
            .thenComparingLong(ranked -> ranked.task().seq());

    /** A task with its effective priority. */
    record Ranked(Task task, double rank) {
    }
}
