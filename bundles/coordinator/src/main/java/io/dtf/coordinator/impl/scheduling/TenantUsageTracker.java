package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Slot-seconds used per tenant, decaying exponentially with a half-life so that old usage counts
 * less than new; and the attempts each tenant has on workers now, as a count and a sum of lease
 * times, so that the slot-seconds they have run so far come in constant time. Guarded by the
 * engine's lock.
 */
public final class TenantUsageTracker implements TenantUsage {
    private static final long MIN_RUNNING_MILLIS = 1_000;

    private double halfLifeSeconds;
    private final Map<String, double[]> usage = new HashMap<>(); // tenant -> {slotSeconds, atEpochSecond}
    /** Per tenant with attempts on workers: {how many, the sum of their lease times in epoch milliseconds}. */
    private final Map<String, long[]> running = new HashMap<>();
    /** The attempts counted in {@link #running}, so that each is counted once whatever the engine tells twice. */
    private final Map<TaskId, OnWorker> onWorkers = new HashMap<>();
    private Instant now = Instant.EPOCH;

    private record OnWorker(String tenant, long sinceMillis) {
    }

    public TenantUsageTracker(Duration halfLife) {
        halfLife(halfLife);
    }

    /** From now on usage decays with this half-life, the usage recorded so far too. */
    public void halfLife(Duration halfLife) {
        this.halfLifeSeconds = Math.max(1, halfLife.toSeconds());
    }

    public void advanceTo(Instant instant) {
        now = instant;
    }

    public void record(String tenant, Duration used, Instant at) {
        double[] entry = usage.computeIfAbsent(tenant, t -> new double[] {0, at.getEpochSecond()});
        entry[0] = decayed(entry, at.getEpochSecond()) + used.toMillis() / 1000.0;
        entry[1] = at.getEpochSecond();
    }

    /** The task's attempt went to a worker {@code since} (its lease); replaces what was counted for the task. */
    public void onWorker(TaskId task, String tenant, Instant since) {
        offWorker(task);
        OnWorker attempt = new OnWorker(tenant, since.toEpochMilli());
        onWorkers.put(task, attempt);
        long[] sum = running.computeIfAbsent(tenant, t -> new long[2]);
        sum[0]++;
        sum[1] += attempt.sinceMillis;
    }

    /** The task's attempt is no longer on a worker; nothing when it was not counted. */
    public void offWorker(TaskId task) {
        OnWorker attempt = onWorkers.remove(task);
        if (attempt != null) {
            long[] sum = running.get(attempt.tenant);
            if (--sum[0] == 0) {
                running.remove(attempt.tenant);
            } else {
                sum[1] -= attempt.sinceMillis;
            }
        }
    }

    @Override
    public double slotSeconds(String tenant) {
        double[] entry = usage.get(tenant);
        return entry == null ? 0 : decayed(entry, now.getEpochSecond());
    }

    @Override
    public double runningSlotSeconds(String tenant) {
        long[] sum = running.get(tenant);
        if (sum == null) {
            return 0;
        }
        long ran = sum[0] * now.toEpochMilli() - sum[1];
        return Math.max(ran, sum[0] * MIN_RUNNING_MILLIS) / 1000.0;
    }

    private double decayed(double[] entry, double atEpochSecond) {
        double age = Math.max(0, atEpochSecond - entry[1]);
        return entry[0] * Math.pow(0.5, age / halfLifeSeconds);
    }
}
