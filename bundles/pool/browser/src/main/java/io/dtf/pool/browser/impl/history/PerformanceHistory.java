package io.dtf.pool.browser.impl.history;

import io.dtf.api.pool.PoolStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job latencies per job key, profile and backend: the latest ones, their median and 95th percentile, and the jobs
 * much slower than the trailing median of the ones before them. Thread-safe.
 */
public final class PerformanceHistory {
    private static final int SLOW_JOBS_KEPT = 20;

    private final int size;
    private final int minimum;
    private final int slowPercent;
    private final Map<Series, Samples> series = new LinkedHashMap<>();
    private final Deque<PoolStatus.SlowJob> slowJobs = new ArrayDeque<>();

    /**
     * @param size latencies kept per series
     * @param minimum latencies a series needs before a job of it can be slow
     * @param slowPercent how much slower than the median, in percent, a job is slow
     */
    public PerformanceHistory(int size, int minimum, int slowPercent) {
        this.size = size;
        this.minimum = minimum;
        this.slowPercent = slowPercent;
    }

    /**
     * Records a job's latency.
     *
     * @return the job as a slow job, when it was more than the configured percentage slower than the median of the
     *     latencies recorded before it
     */
    public synchronized Optional<PoolStatus.SlowJob> record(String key, String profile, String backend, Duration took,
                                                           Instant at) {
        Samples samples = series.computeIfAbsent(new Series(key, profile, backend), s -> new Samples());
        Optional<PoolStatus.SlowJob> slow = Optional.empty();
        if (samples.latest.size() >= minimum) {
            long median = samples.percentile(50);
            long percent = median == 0 ? 0 : (took.toNanos() - median) * 100 / median;
            if (percent > slowPercent) {
                PoolStatus.SlowJob job = new PoolStatus.SlowJob(at, key, profile, backend, took, Duration.ofNanos(median),
                        percent);
                samples.slow++;
                slowJobs.addFirst(job);
                if (slowJobs.size() > SLOW_JOBS_KEPT) {
                    slowJobs.removeLast();
                }
                slow = Optional.of(job);
            }
        }
        samples.add(took.toNanos(), size);
        return slow;
    }

    /**
     * The 95th percentile of a series' latest latencies, once it has the minimum of them (a key's jobs are alike only
     * in the same profile and backend).
     */
    public synchronized Optional<Duration> p95(String key, String profile, String backend) {
        Samples samples = series.get(new Series(key, profile, backend));
        return samples == null || samples.latest.size() < minimum ? Optional.empty()
                : Optional.of(Duration.ofNanos(samples.percentile(95)));
    }

    /** Every series, in the order first seen. */
    public synchronized List<PoolStatus.JobHistory> history() {
        List<PoolStatus.JobHistory> history = new ArrayList<>();
        series.forEach((s, samples) -> history.add(new PoolStatus.JobHistory(s.key, s.profile, s.backend, samples.count,
                Duration.ofNanos(samples.percentile(50)), Duration.ofNanos(samples.percentile(95)),
                Duration.ofNanos(samples.latest.peekLast()), samples.slow)));
        return history;
    }

    /** The latest slow jobs, newest first. */
    public synchronized List<PoolStatus.SlowJob> slowJobs() {
        return List.copyOf(slowJobs);
    }

    private record Series(String key, String profile, String backend) {
    }

    private static final class Samples {
        final Deque<Long> latest = new ArrayDeque<>();
        long count;
        long slow;

        void add(long nanos, int size) {
            latest.addLast(nanos);
            if (latest.size() > size) {
                latest.removeFirst();
            }
            count++;
        }

        /** The nearest-rank percentile of the latest latencies. */
        long percentile(int percent) {
            long[] sorted = latest.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }
}
