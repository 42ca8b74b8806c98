package io.dtf.benchmarks.load;

import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.impl.Notifier;
import io.dtf.notify.impl.config.RulesException;
import io.dtf.notify.impl.config.RulesParser;
import io.dtf.notify.impl.events.Intake;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.templates.Templates;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import io.dtf.testkit.FakeNotificationChannels;
import io.dtf.testkit.StoredRuns;
import io.dtf.testkit.TestClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The notification system's figures (issue 13): the real {@link Notifier} (the core of the durable hook
 * {@code NotifyHook}) on the real task store (H2 in a file) with test-level results, routing to three recording
 * channels of the types slack, msteams and email with the default templates and grouping settings.
 *
 * <pre>
 * mvn -B -q -o -f benchmarks/pom.xml package -Dmaven.test.skip=true
 * java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.NotificationStormDriver [--events 100000]
 *     [--tasks 10000]
 * </pre>
 *
 * <ol>
 *   <li>Intake: {@code --events} TASK_FAILED events of one run's {@code --tasks} failing tasks (each with 2 failed
 *   tests of 5, looked up in the history: the run before passed them), handed to the hook's intake one after the
 *   other as the coordinator delivers a run's events, while a timer sends what is due on a clock that runs 30 s per
 *   200 ms. Events taken and processed per second, and the heap after a garbage collection and the data area at
 *   10% and at 100% of the events: memory is bounded when it does not grow with the count.</li>
 *   <li>Storm: 10,000 failing tasks of one run within one (simulated) minute, then the run's failed end, with the
 *   default grouping (group by run, wait 30 s, interval 5 min) and the default inhibit rule. At most a handful of
 *   messages per channel, each with the counts and at most {@code max_items} events listed within the destination's
 *   size limit; every event accounted for in the delivery log, on every channel.</li>
 * </ol>
 *
 * Exits with 1 when a target is missed.
 */
public final class NotificationStormDriver {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final int TESTS_PER_TASK = 5;
    private static final int FAILED_PER_TASK = 2;
    private static final double TARGET_EVENTS_PER_SECOND = 5_000;
    /** The heap may grow this much from 10% to 100% of the intake: noise of the JIT, H2's caches, the log. */
    private static final long HEAP_GROWTH_LIMIT = 32L << 20;
    private static final int MESSAGES_LIMIT = 5;
    private static final int MAX_ITEMS = 20;
    /** The destinations' limits on a message: Teams 28 KB, Slack 40,000 characters of text, mail none of its own. */
    private static final Map<String, Integer> TEXT_LIMITS = Map.of("slack", 40_000, "msteams", 28_000,
            "email", Integer.MAX_VALUE);
    private static final Pattern LISTED_EVENT = Pattern.compile("Task task-\\d+ of ");
    /** The default routing file's one route, to three channels; every other setting is the default. */
    private static final String ROUTES = "route:\n  channels: [slack, teams, mail]\n";

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 100_000);
        int tasks = intArg(args, "--tasks", 10_000);
        Path work = Files.createTempDirectory("dtf-notify-storm");
        boolean ok;
        try {
            ok = intake(work.resolve("intake"), events, tasks) & storm(work.resolve("storm"), tasks);
        } finally {
            deleteTree(work);
        }
        System.out.println(ok ? "All targets met." : "A target was missed.");
        System.exit(ok ? 0 : 1);
    }

    // ---- intake: events per second and heap

    private static boolean intake(Path dir, int events, int tasks) throws Exception {
        log("intake: storing two runs of " + tasks + " tasks with " + TESTS_PER_TASK + " tests each");
        try (Rig rig = Rig.open(dir, tasks)) {
            TestClock clock = rig.clock();
            Notifier notifier = rig.notifier();
            Intake intake = rig.intake();
            RunId run = rig.run();
            int warmUp = Math.max(1, events / 10);
            log("intake: " + events + " events");
            feed(intake, notifier, run, tasks, 0, warmUp, clock);
            long heapBefore = heapAfterGc();
            long dataBefore = size(dir.resolve("notify"));
            long cpuBefore = processCpuNanos();
            double[] seconds = feed(intake, notifier, run, tasks, warmUp, events, clock);
            double taken = (events - warmUp) / seconds[0];
            double processed = (events - warmUp) / seconds[1];
            double cpuPerEvent = (processCpuNanos() - cpuBefore) / 1e3 / (events - warmUp);
            long heapAfter = heapAfterGc();
            long dataAfter = size(dir.resolve("notify"));
            for (int i = 0; i < 40; i++) {
                clock.advance(Duration.ofSeconds(30));
                notifier.tick();
            }
            long grouped = notifier.counters().get(DeliveryOutcome.GROUPED);
            boolean ok = true;
            System.out.println();
            System.out.printf("Intake: %,d TASK_FAILED events of one run (%d failed tests each, looked up in the"
                    + " history), one after the other as the coordinator delivers a run's events; %d cores%n", events,
                    FAILED_PER_TASK, Runtime.getRuntime().availableProcessors());
            System.out.println("| figure | measured | target |");
            System.out.println("| --- | --- | --- |");
            String after = " (after the first " + String.format(Locale.ROOT, "%,d", warmUp) + ")";
            ok &= row("events taken by the hook per second" + after, String.format(Locale.ROOT, "%,.0f", taken),
                    ">= 5,000", taken >= TARGET_EVENTS_PER_SECOND);
            ok &= row("events routed and grouped per second" + after, String.format(Locale.ROOT, "%,.0f", processed),
                    ">= 5,000", processed >= TARGET_EVENTS_PER_SECOND);
            row("CPU time per event, all threads (the driver's included)", String.format(Locale.ROOT, "%.0f µs",
                    cpuPerEvent), String.format(Locale.ROOT, "the load average was %.1f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()), true);
            ok &= row("heap after GC at " + String.format(Locale.ROOT, "%,d", warmUp) + " / " + String.format(
                    Locale.ROOT, "%,d", events) + " events", mb(heapBefore) + " / " + mb(heapAfter),
                    "grows < " + mb(HEAP_GROWTH_LIMIT), heapAfter - heapBefore < HEAP_GROWTH_LIMIT);
            ok &= row("notify data area at " + String.format(Locale.ROOT, "%,d", warmUp) + " / " + String.format(
                    Locale.ROOT, "%,d", events) + " events", mb(dataBefore) + " / " + mb(dataAfter),
                    "grows < " + mb(HEAP_GROWTH_LIMIT), dataAfter - dataBefore < HEAP_GROWTH_LIMIT);
            ok &= row("events grouped", String.format(Locale.ROOT, "%,d", grouped), String.format(Locale.ROOT, "%,d",
                    events), grouped == events);
            for (String channel : rig.channels().names()) {
                Recording r = rig.channels().recording(channel);
                ok &= row("events in messages to " + channel + " (" + r.messages() + " messages)",
                        String.format(Locale.ROOT, "%,d", r.events()), String.format(Locale.ROOT, "%,d", events),
                        r.events() == events);
            }
            return ok;
        }
    }

    /**
     * Hands events {@code from} (inclusive) to {@code to} of the run's tasks to the intake as the coordinator calls
     * the hook with a run's events: one after the other (the n-th being attempt n / tasks + 1 of task n % tasks + 1),
     * while a timer moves the clock 30 s every 200 ms and sends what is due. Returns when all are processed.
     *
     * @return the seconds until the last was taken, and until the last was processed
     */
    private static double[] feed(Intake intake, Notifier notifier, RunId run, int tasks, int from, int to,
                                 TestClock clock) throws Exception {
        ExecutorService timer = Executors.newSingleThreadExecutor();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Future<?> ticks = timer.submit(() -> {
            while (feeding.get()) {
                Thread.sleep(200);
                clock.advance(Duration.ofSeconds(30));
                notifier.tick();
            }
            return null;
        });
        long start = System.nanoTime();
        for (int n = from; n < to; n++) {
            intake.append(taskFailed(run, n % tasks + 1, n / tasks + 1, clock.instant()));
        }
        double taken = (System.nanoTime() - start) / 1e9;
        processed(intake);
        double processed = (System.nanoTime() - start) / 1e9;
        feeding.set(false);
        ticks.get();
        timer.shutdown();
        return new double[] {taken, processed};
    }

    // ---- the storm: messages per channel and the delivery log

    private static boolean storm(Path dir, int tasks) throws Exception {
        log("storm: " + tasks + " failing tasks within one minute");
        try (Rig rig = Rig.open(dir, tasks)) {
            Duration step = Duration.ofMinutes(1).dividedBy(tasks);
            for (int i = 1; i <= tasks; i++) {
                rig.intake().append(taskFailed(rig.run(), i, 1, rig.clock().instant()));
                rig.clock().advance(step);
                if (i % (tasks / 60 + 1) == 0) {
                    processed(rig.intake());
                    rig.notifier().tick();
                }
            }
            rig.intake().append(new DtfEvent(HookType.RUN_COMPLETED, rig.clock().instant(), rig.run(), null, null,
                    Severity.ERROR, Map.of("state", "FAILED")));
            processed(rig.intake());
            int total = tasks + 1;
            for (int s = 0; s < 12 * 60 && !rig.notifier().pendingGroups().isEmpty() || s < 6 * 60; s++) {
                rig.clock().advance(Duration.ofSeconds(1));
                rig.notifier().tick();
            }
            Map<DeliveryOutcome, Long> counters = rig.notifier().counters();
            long muted = counters.get(DeliveryOutcome.INHIBITED) + counters.get(DeliveryOutcome.SILENCED)
                    + counters.get(DeliveryOutcome.REPEATED) + counters.get(DeliveryOutcome.UNROUTED);
            boolean ok = true;
            System.out.println();
            System.out.printf("Storm: %,d failing tasks of one run within one minute, then the run failed; default"
                    + " grouping and inhibit rule; routes to slack, msteams and email%n", tasks);
            System.out.println("| channel | messages | events sent | + inhibited/silenced/repeated/unrouted | failed"
                    + " | = events | largest message | most events listed | target |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            Map<String, Map<DeliveryOutcome, Long>> byChannel = rig.notifier().countersByChannel();
            for (String channel : rig.channels().names()) {
                Recording r = rig.channels().recording(channel);
                long failed = byChannel.getOrDefault(channel, Map.of()).getOrDefault(DeliveryOutcome.FAILED, 0L);
                long accounted = r.events() + muted + failed;
                int limit = TEXT_LIMITS.get(r.type());
                boolean fine = r.messages() <= MESSAGES_LIMIT && accounted == total && failed == 0
                        && r.largest() <= limit && r.mostListed() <= MAX_ITEMS && r.countsShown();
                ok &= fine;
                System.out.printf(Locale.ROOT, "| %s (%s) | %d | %,d | %,d | %d | %,d | %,d chars | %d | <= %d messages,"
                                + " sum %,d, <= %s chars, <= %d listed, counts shown | %s%n", channel, r.type(),
                        r.messages(), r.events(), muted, failed, accounted, r.largest(), r.mostListed(),
                        MESSAGES_LIMIT, total, limit == Integer.MAX_VALUE ? "any" : String.format(Locale.ROOT, "%,d",
                                limit), MAX_ITEMS, fine ? "ok" : "MISSED");
            }
            System.out.println("Messages to slack:");
            rig.channels().recording("slack").titles().forEach(t -> System.out.println("  " + t));
            boolean nothingLost = rig.notifier().pendingGroups().isEmpty();
            ok &= row("events still waiting in a group at the end", nothingLost ? "0" : rig.notifier().pendingGroups()
                    .toString(), "0", nothingLost);
            return ok;
        }
    }

    /** Waits until the intake processed every event it took (ten minutes at most: the processor is stuck). */
    private static void processed(Intake intake) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (intake.pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(intake.pending() + " events were not processed in ten minutes");
            }
            Thread.sleep(1);
        }
    }

    // ---- the store

    /**
     * The notification system as the hook runs it (notifier and intake) on a store holding two runs of the same name
     * and {@code tasks} tasks: the first passed every test, the second (the one whose events are sent) failed
     * {@value #FAILED_PER_TASK} tests of each task; on a clock the driver moves, routing to the recording channels.
     */
    private record Rig(JdbcTaskStore store, TestClock clock, Channels channels, Notifier notifier, Intake intake,
                       RunId run) implements AutoCloseable {
        static Rig open(Path dir, int tasks) {
            // H2's page cache (64 MB by default) fills as the history index is read, whatever the hook does: a small
            // one is full before the measure starts, so that the heap's growth is the hook's own
            JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store/dtf") + ";CACHE_SIZE=8192",
                    "sa", "", 4);
            history(store, tasks, "nightly", false);
            RunId run = history(store, tasks, "nightly", true);
            TestClock clock = new TestClock(T0);
            Channels channels = new Channels();
            Notifier notifier;
            try {
                notifier = new Notifier(clock, store, channels.lookup, new DataFiles(dir.resolve("notify")),
                        RulesParser.parse(ROUTES, "storm"), new Templates(null), 1000);
            } catch (RulesException e) {
                throw new IllegalStateException("the driver's routes are refused: " + e.getMessage(), e);
            }
            Intake intake = new Intake(dir.resolve("notify/intake"), notifier::accept);
            intake.start();
            return new Rig(store, clock, channels, notifier, intake, run);
        }

        @Override
        public void close() throws InterruptedException {
            intake.close();
            notifier.close();
            store.close();
        }
    }

    /**
     * Submits a run of {@code tasks} tasks and ends each (a thousand in one write) with {@value #TESTS_PER_TASK} test cases, the first
     * {@value #FAILED_PER_TASK} failed when {@code failing}: its tasks failed; else all passed.
     */
    private static RunId history(JdbcTaskStore store, int tasks, String name, boolean failing) {
        RunId run = StoredRuns.submit(store, name, Map.of("team", "web"), null, tasks, T0);
        for (int from = 0; from < tasks; from += Page.MAX_LIMIT) {
            List<Task> batch = store.tasks(new TaskQuery(run, Set.of(), null, new Page(from, Page.MAX_LIMIT)));
            List<Transition> changes = new ArrayList<>();
            for (Task task : batch) {
                TaskAttempt attempt = new TaskAttempt(task.id(), 1);
                List<TestCaseResult> cases = new ArrayList<>();
                for (int t = 0; t < TESTS_PER_TASK; t++) {
                    boolean fails = failing && t < FAILED_PER_TASK;
                    cases.add(new TestCaseResult("suite", "org.example.Suite" + task.id().value().replaceAll(".*\\.", ""),
                            "test" + t, fails ? TestCaseStatus.FAILED : TestCaseStatus.PASSED, Duration.ofMillis(12),
                            fails ? "expected 200 but was 500" : null, null, false));
                }
                changes.add(Transition.lease(task, StoredRuns.WORKER, T0));
                changes.add(Transition.start(attempt, T0));
                changes.add(Transition.finish(attempt, new TaskResult(failing ? TaskState.FAILED : TaskState.PASSED,
                        Duration.ofSeconds(1), failing ? 1 : 0, null, cases, List.of(), Map.of(), null, null), false,
                        T0.plusSeconds(1)));
            }
            boolean[] applied = store.transitionAll(changes);
            for (boolean a : applied) {
                if (!a) {
                    throw new IllegalStateException("a transition of run " + run + " was refused");
                }
            }
        }
        return run;
    }

    private static DtfEvent taskFailed(RunId run, int task, int attempt, Instant at) {
        return new DtfEvent(HookType.TASK_FAILED, at, run, TaskId.of(run, task), null, Severity.ERROR,
                Map.of("name", "task-" + task, "attempt", attempt, "state", "FAILED"));
    }

    // ---- recording channels

    /** The three channels, each recording what it was sent. */
    private static final class Channels {
        final FakeNotificationChannels lookup = new FakeNotificationChannels();
        private final Map<String, Recording> recordings = Map.of("slack", new Recording("slack"),
                "teams", new Recording("msteams"), "mail", new Recording("email"));

        Channels() {
            recordings.forEach((name, recording) -> lookup.add(name, recording.type(), recording));
        }

        List<String> names() {
            return recordings.keySet().stream().sorted().toList();
        }

        Recording recording(String name) {
            return recordings.get(name);
        }
    }

    /** A channel that answers success and keeps the measures of each message, not the message. */
    private static final class Recording implements NotificationChannel {
        private final String type;
        private final List<String> titles = new ArrayList<>();
        private int messages;
        private long events;
        private int largest;
        private int mostListed;
        private boolean countsShown = true;

        Recording(String type) {
            this.type = type;
        }

        String type() {
            return type;
        }

        @Override
        public synchronized java.util.concurrent.CompletableFuture<ExternalSystemResult> send(Notification message) {
            messages++;
            // a message about several events counts them in its fields; one about a single event names that event
            String count = message.fields().get("Events");
            boolean single = count == null && message.eventId() != null;
            events += single ? 1 : count == null ? 0 : Long.parseLong(count);
            countsShown &= count != null || single;
            largest = Math.max(largest, message.text().length());
            mostListed = Math.max(mostListed, (int) LISTED_EVENT.matcher(message.text()).results().count());
            titles.add(message.title() + " (" + message.text().length() + " chars)");
            return java.util.concurrent.CompletableFuture.completedFuture(ExternalSystemResult.ok(
                    new ExternalItem("message", message.id(), null, null, Map.of())));
        }

        synchronized int messages() {
            return messages;
        }

        synchronized long events() {
            return events;
        }

        synchronized int largest() {
            return largest;
        }

        synchronized int mostListed() {
            return mostListed;
        }

        synchronized boolean countsShown() {
            return countsShown;
        }

        synchronized List<String> titles() {
            return List.copyOf(titles);
        }
    }

    // ---- helpers

    private static boolean row(String figure, String measured, String target, boolean met) {
        System.out.printf("| %s | %s | %s |%s%n", figure, measured, target, met ? "" : " MISSED");
        return met;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    System.err.println(name + " needs a whole number, not '" + args[i + 1] + "'");
                    System.exit(2);
                }
            }
        }
        return fallback;
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now() + "] " + message);
    }

    private NotificationStormDriver() {
    }
}
