package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.scheduler.priority.impl.Ranking.Ranked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses running attempts to stop for queued tasks that found no slot. The free slots are given
 * out first (as {@link PriorityDecision} would); then, best queued task first, each gets the running
 * task of lowest effective priority, at least the margin below its own, on a worker that can run
 * it. A queued task that was given a victim is promised that slot: while the worker stops the
 * attempt (the slot is not free yet), it does not cost a second victim.
 */
final class Preemption {
    /** How long a promised slot is awaited before the queued task may preempt again. */
    static final Duration PROMISE = Duration.ofSeconds(60);
    /** The most queued tasks looked at for victims in one decision. */
    private static final int CANDIDATES = 64;

    private final Map<TaskId, Instant> promised = new ConcurrentHashMap<>();

    List<TaskAttempt> choose(SchedulingContext context, Settings settings) {
        Instant now = context.now();
        promised.values().removeIf(until -> until.isBefore(now));
        Ranking ranking = new Ranking(now, settings.agingSeconds());
        PriorityDecision decision = new PriorityDecision(context, ranking);
        decision.assign(); // what the free slots will take needs no victim
        List<Ranked> running = new ArrayList<>();
        Map<TaskId, WorkerId> workerOf = new HashMap<>();
        for (RunningTask task : context.running()) {
            if (task.task().attempt() > 0) {
                running.add(new Ranked(task.task(), ranking.of(task.task())));
                workerOf.put(task.task().id(), task.worker());
            }
        }
        running.sort(Comparator.comparingDouble(Ranked::rank));
        Map<WorkerId, Capabilities> known = new HashMap<>();
        for (FreeSlots slots : context.freeSlots()) {
            known.put(slots.worker(), slots.capabilities());
        }
        List<TaskAttempt> victims = new ArrayList<>();
        boolean[] chosen = new boolean[running.size()];
        for (int looked = 0; looked < CANDIDATES && victims.size() < settings.maxPreemptions(); looked++) {
            Ranked queued = decision.nextUnserved();
            if (queued == null) {
                break;
            }
            if (promised.containsKey(queued.task().id())) {
                continue;
            }
            for (int i = 0; i < running.size(); i++) {
                Ranked victim = running.get(i);
                if (victim.rank() + settings.preemptionMargin() > queued.rank()) {
                    break; // the rest rank higher still
                }
                Capabilities offers = known.get(workerOf.get(victim.task().id()));
                if (!chosen[i] && (offers != null ? queued.task().requirements().satisfiedBy(offers)
                        : implies(victim.task().requirements(), queued.task().requirements()))) {
                    chosen[i] = true;
                    victims.add(new TaskAttempt(victim.task().id(), victim.task().attempt()));
                    promised.put(queued.task().id(), now.plus(PROMISE));
                    break;
                }
            }
        }
        return victims;
    }

    /** Forgets the promise to a task that got its slot. */
    void served(TaskId task) {
        if (!promised.isEmpty()) {
            promised.remove(task);
        }
    }

    /**
     * Whether every worker that satisfies {@code held} also satisfies {@code wanted}. The API tells
     * the capabilities of workers with free slots only; a busy worker is known by what its running
     * task required.
     */
    static boolean implies(Requirements held, Requirements wanted) {
        return same(held.os(), wanted.os())
                && same(held.arch(), wanted.arch())
                && atLeast(held.cpus() == null ? null : held.cpus().longValue(),
                        wanted.cpus() == null ? null : wanted.cpus().longValue())
                && atLeast(held.memoryMb(), wanted.memoryMb())
                && held.labels().containsAll(wanted.labels())
                && (wanted.browser() == null || wanted.browser().equals(held.browser()))
                && (!Boolean.TRUE.equals(wanted.webgpu()) || Boolean.TRUE.equals(held.webgpu()))
                && (!Boolean.TRUE.equals(wanted.webnn()) || Boolean.TRUE.equals(held.webnn()));
    }

    private static boolean same(String held, String wanted) {
        return wanted == null || wanted.equalsIgnoreCase(held);
    }

    private static boolean atLeast(Long held, Long wanted) {
        return wanted == null || held != null && held >= wanted;
    }
}
