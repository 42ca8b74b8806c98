package io.dtf.executor.browser.impl.job;

import io.dtf.api.executor.TaskExecution;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.pool.ScriptFailure;
import io.dtf.api.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A browser task's job as its parts, in parallel, each in a browser leased for it; then their merge. Each part runs
 * with {@link ResourceLease#run}, so a part whose browser fails is tried again alone, in a fresh browser, while the
 * others go on. The part that ends last runs the merge in its own browser (no part waits holding a browser, so
 * more shards than browsers do not dead-lock). At the deadline or a cancellation every lease is reclaimed: its
 * browser is killed, which ends a script stuck in a loop.
 */
public final class ShardedRun {
    /** Tries of one part, the first included: a part whose browser fails twice more is given up. */
    static final int ATTEMPTS = 3;
    /** How long the part threads get to end after their leases were reclaimed. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** A wait for a browser at least this long is written to the attempt's log. */
    private static final Duration LOGGED_WAIT = Duration.ofSeconds(1);

    private final ResourcePool pool;
    private final BrowserSpec spec;
    private final String script;
    private final BrowserRequirements requirements;
    private final TaskExecution execution;
    private final AtomicReferenceArray<Step> parts;
    private final AtomicReference<Step> merge = new AtomicReference<>();
    private final AtomicInteger running;
    private final Set<ResourceLease> held = ConcurrentHashMap.newKeySet();
    /** What each part (or the merge) not ended is doing, by its label, for the log and the message at the deadline. */
    private final Map<String, Activity> doing = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    /** Why the leases were reclaimed, for the pool's log and the parts' failures; set before {@link #stopped}. */
    private volatile String stopReason;

    /**
     * @param script the WebDriver script ({@link Harness#around})
     */
    public ShardedRun(ResourcePool pool, BrowserSpec spec, String script, BrowserRequirements requirements,
                      TaskExecution execution) {
        this.pool = pool;
        this.spec = spec;
        this.script = script;
        this.requirements = requirements;
        this.execution = execution;
        this.parts = new AtomicReferenceArray<>(spec.shards());
        this.running = new AtomicInteger(spec.shards());
    }

    /** How the run ended. */
    public enum End { DONE, TIMED_OUT, CANCELLED }

    /**
     * The parts in order (a part that had not ended by the deadline or cancellation is missing) and the merge, or
     * {@code null} when the script defines none or a part did not answer.
     *
     * @param unfinished what the parts (or the merge) not ended at the deadline were doing, and for how long
     *     ({@code shard 2/3 waiting for a browser for 41.2 s}); empty when the run ended otherwise
     */
    public record Outcome(End end, List<Step> parts, Step merge, List<String> unfinished) {
        public Outcome {
            unfinished = List.copyOf(unfinished);
        }
    }

    /** What a part or the merge does (in the lease's browser, when it has one), since when ({@link System#nanoTime()}). */
    private record Activity(String what, ResourceLease lease, long since) {
        /** What it does now: a part tried again runs in another browser than at first. */
        String describe() {
            String browser = lease == null ? null : lease.browserId();
            return browser == null ? what : what + " in browser " + browser;
        }
    }

    /** Runs the parts, and the merge, until they end, the deadline passes or the attempt is cancelled. */
    public Outcome run() throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(spec.shards(), runnable -> {
            Thread thread = new Thread(runnable, "dtf-browser-" + execution.attempt());
            thread.setDaemon(true);
            return thread;
        });
        End end = End.DONE;
        List<String> unfinished = List.of();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int shard = 0; shard < spec.shards(); shard++) {
                int index = shard;
                futures.add(threads.submit(() -> part(index)));
            }
            execution.cancellation().onCancel(() -> stop("its task was cancelled"));
            for (Future<?> future : futures) {
                long left = Duration.between(Instant.now(), execution.deadline()).toNanos();
                try {
                    future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException late) {
                    end = End.TIMED_OUT;
                    unfinished = unfinished();
                    unfinished.forEach(what -> execution.log().line("[dtf] at the task's deadline, " + what));
                    break;
                } catch (ExecutionException unexpected) {
                    // part() catches what a part throws; this is a bug of ours, reported as the part's error
                    throw new IllegalStateException("a part of the job failed unexpectedly", unexpected.getCause());
                }
                if (execution.cancellation().isCancelled()) {
                    break;
                }
            }
        } finally {
            if (execution.cancellation().isCancelled()) {
                stop("its task was cancelled");
            } else if (end != End.DONE) {
                stop("its task reached its deadline");
            }
            threads.shutdownNow();
            threads.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (execution.cancellation().isCancelled()) {
            end = End.CANCELLED;
        }
        List<Step> ordered = new ArrayList<>();
        for (int i = 0; i < parts.length(); i++) {
            if (parts.get(i) != null) {
                ordered.add(parts.get(i));
            }
        }
        return new Outcome(end, ordered, merge.get(), unfinished);
    }

    /** What the parts not ended do now, in the order of their labels. */
    private List<String> unfinished() {
        long now = System.nanoTime();
        return new TreeMap<>(doing).entrySet().stream().map(e -> e.getKey() + " was " + e.getValue().describe()
                + " for " + seconds(Duration.ofNanos(now - e.getValue().since()))).toList();
    }

    /** Ends every lease held now and those taken from now on: their browsers are killed. */
    private void stop(String reason) {
        stopReason = reason;
        stopped = true;
        held.forEach(lease -> pool.reclaim(lease.id(), reason));
    }

    /** One part, in a browser of its own; the part that ends last runs the merge in its browser. */
    private void part(int shard) {
        String label = spec.shards() == 1 ? null : "shard " + (shard + 1) + "/" + spec.shards();
        String name = label == null ? "the job" : label;
        long started = System.nanoTime();
        ResourceLease lease = null;
        try {
            doing.put(name, new Activity("waiting for a browser", null, started));
            lease = leaseRetried(label);
            Duration waited = since(started);
            if (waited.compareTo(LOGGED_WAIT) >= 0) {
                // a task's timeout counts from its start: a long wait for a browser explains a time-out
                execution.log().line("[dtf] " + name + " waited " + seconds(waited) + " for a browser ("
                        + lease.browserId() + ")");
            }
            doing.put(name, new Activity("running", lease, System.nanoTime()));
            parts.set(shard, step(lease, label, context("run", shard, null)));
        } catch (PoolRefusal | BrowserFault noBrowser) {
            parts.set(shard, Step.failed(label, TaskState.ERROR, "no browser: " + noBrowser.getMessage(),
                    since(started), null));
        } catch (InterruptedException interrupted) {
            parts.set(shard, Step.failed(label, TaskState.ERROR, "stopped while waiting for a browser",
                    since(started), null));
        } finally {
            doing.remove(name);
            try {
                if (running.decrementAndGet() == 0 && lease != null) {
                    mergeIn(lease);
                }
            } finally {
                if (lease != null) {
                    held.remove(lease);
                    lease.close();
                }
            }
        }
    }

    /** The merge, when every part answered and the script defines one. */
    private void mergeIn(ResourceLease lease) {
        List<Object> results = new ArrayList<>();
        boolean hasMerge = false;
        for (int i = 0; i < parts.length(); i++) {
            Step part = parts.get(i);
            if (part == null || !part.answered()) {
                return;
            }
            results.add(part.outcome().result());
            hasMerge |= part.outcome().hasMerge();
        }
        if (hasMerge && !stopped) {
            doing.put("merge", new Activity("running", lease, System.nanoTime()));
            try {
                merge.set(step(lease, "merge", context("merge", null, results)));
            } finally {
                doing.remove("merge");
            }
        }
    }

    /**
     * A lease, asked for again when the browser started for it fails before it is ready (killed while it starts, a
     * driver that does not come up): like a browser that fails under a part, up to {@value #ATTEMPTS} times.
     */
    private ResourceLease leaseRetried(String label) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return lease(label);
            } catch (BrowserFault startFailed) {
                if (attempt >= ATTEMPTS || stopped) {
                    throw startFailed;
                }
            }
        }
    }

    private ResourceLease lease(String label) throws InterruptedException {
        Duration left = left();
        ResourceLease lease = pool.lease(new LeaseRequest(requirements, left, left.plus(STOP_WAIT),
                execution.attempt() + (label == null ? "" : " " + label)));
        held.add(lease);
        if (stopped) {
            pool.reclaim(lease.id(), stopReason);
        }
        return lease;
    }

    /** Runs the harness in the lease's browser, tried again in a fresh browser when the browser fails. */
    private Step step(ResourceLease lease, String label, Map<String, Object> context) {
        long started = System.nanoTime();
        String key = execution.task().name() + (label == null ? "" : " " + label);
        // each try gets its share of the time left, so that a page that hangs (a busy loop, a stopped renderer) is
        // found by the pool's watchdog while there is still time to run the part again in a fresh browser
        Duration timeout = perTry(left());
        try {
            ScriptOutcome outcome = lease.run(new JobOptions(key, timeout, ATTEMPTS), session -> {
                if (spec.page() != null) {
                    session.open(spec.page(), timeout);
                }
                ScriptOutcome answered = ScriptOutcome.of(session.executeAsync(script, List.of(context), timeout));
                if (answered.error() != null) {
                    // the pool decides whether the browser is to blame (a GPU process lost under the script makes
                    // WebGPU calls throw): then the part runs again in a fresh browser, else the error is the script's
                    throw new ScriptThrew(answered);
                }
                return answered;
            });
            return Step.ran(label, outcome, since(started), browser(lease));
        } catch (ScriptThrew threw) {
            return Step.ran(label, threw.outcome, since(started), browser(lease));
        } catch (ScriptFailure failed) {
            return Step.failed(label, TaskState.FAILED, "the script could not run: " + failed.getMessage(),
                    since(started), browser(lease));
        } catch (BrowserFault fault) {
            return Step.failed(label, TaskState.ERROR, stopped ? "stopped" : "the browser failed on each of "
                    + ATTEMPTS + " tries, the last time: " + fault.getMessage(), since(started), null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Step.failed(label, TaskState.ERROR, "stopped", since(started), null);
        } catch (Exception unexpected) {
            return Step.failed(label, TaskState.ERROR, unexpected.toString(), since(started), browser(lease));
        }
    }

    private Map<String, Object> context(String phase, Integer shard, List<Object> results) {
        Map<String, Object> context = new HashMap<>();
        context.put("phase", phase);
        context.put("input", spec.input());
        context.put("shard", shard);
        context.put("shards", spec.shards());
        context.put("parts", results);
        return context;
    }

    /** The script threw in a browser the pool found healthy: the part's outcome, not a fault. */
    private static final class ScriptThrew extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ScriptOutcome outcome;

        ScriptThrew(ScriptOutcome outcome) {
            super(outcome.error(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** A try's time limit: an equal share of {@code left} for each of the {@value #ATTEMPTS} tries, at least a second. */
    static Duration perTry(Duration left) {
        Duration share = left.dividedBy(ATTEMPTS);
        return share.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : share;
    }

    /** What is left until the deadline, at least a second. */
    private Duration left() {
        Duration left = Duration.between(Instant.now(), execution.deadline());
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private static String browser(ResourceLease lease) {
        try {
            BrowserCapabilities c = lease.capabilities();
            return c.browserName() + " " + c.version() + " (" + lease.browserId() + ")";
        } catch (RuntimeException gone) {
            return null;
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
