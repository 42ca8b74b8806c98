package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Starts the DTF distribution as a user does ({@code bin/start}), drives it through
 * {@code bin/client}, kills its JVM with SIGKILL in the middle of a run, starts it again, and checks
 * that nothing accepted was lost and nothing was reported twice.
 */
public class DistributionCrashIT {
    private static final Pattern TASK_ROW = Pattern.compile("(r\\d+\\.\\d+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*\\S+\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\d+)");

    private DistributionCopy karaf;

    @Before
    public void freshCopyOfTheDistribution() throws Exception {
        karaf = new DistributionCopy("crash-karaf", 8191);
        karaf.setProperty("etc/io.dtf.worker.cfg", "slots", "2");
    }

    @After
    public void stopIt() {
        karaf.kill();
    }

    @Test
    public void aKillDashNineDuringARunLosesNothingAndReportsNothingTwice() throws Exception {
        karaf.start();
        Path plan = karaf.home.resolve("crash-plan.yaml");
        StringBuilder text = new StringBuilder("name: crash\ntasks:\n");
        text.append("  - {name: quick-1, type: command, command: ['true']}\n");
        text.append("  - {name: quick-2, type: command, command: ['true']}\n");
        // long enough that the snapshot below and the kill right after it both fall inside these attempts
        for (int i = 1; i <= 4; i++) {
            text.append("  - {name: slow-").append(i).append(", type: command, command: [sleep, '10']}\n");
        }
        Files.writeString(plan, text);
        String submitted = karaf.client("dtf:submit " + plan);
        Matcher runId = Pattern.compile("\\b(r\\d+)\\b").matcher(submitted);
        assertTrue(submitted, runId.find());
        String run = runId.group(1);

        Map<String, String[]> before = awaitTasks(run, Duration.ofSeconds(60),
                rows -> count(rows, "PASSED") >= 2 && count(rows, "RUNNING") >= 1);
        ProcessHandle jvm = karaf.process().orElseThrow();
        jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no deactivation
        jvm.onExit().get(30, TimeUnit.SECONDS);

        karaf.start();
        Map<String, String[]> after = awaitTasks(run, Duration.ofSeconds(90), rows -> count(rows, "PASSED") == 6);
        assertEquals(6, after.size());
        for (Map.Entry<String, String[]> task : before.entrySet()) {
            String[] then = task.getValue();
            String[] now = after.get(task.getKey());
            if (then[0].equals("PASSED")) {
                assertEquals("a result from before the crash is kept as it was: " + task.getKey(), then[1], now[1]);
            }
            if (then[0].equals("RUNNING")) {
                assertTrue("an interrupted attempt is run again: " + task.getKey(),
                        Integer.parseInt(now[1]) > Integer.parseInt(then[1]));
            }
        }
        for (String id : after.keySet()) {
            String detail = karaf.client("dtf:task " + id);
            long passedAttempts = detail.lines().filter(line -> line.matches("\\s*\\d+\\s*\\|.*PASSED.*")).count();
            assertEquals("exactly one passing attempt of " + id + ":\n" + detail, 1, passedAttempts);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int count(Map<String, String[]> rows, String state) {
        return (int) rows.values().stream().filter(row -> row[0].equals(state)).count();
    }

    /** Task id → {state, attempt}, read from {@code dtf:tasks --run}. */
    private Map<String, String[]> tasks(String run) throws Exception {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : karaf.client("dtf:tasks --run " + run).split("\n")) {
            Matcher row = TASK_ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(1), new String[] {row.group(3), row.group(4)});
            }
        }
        return rows;
    }

    private Map<String, String[]> awaitTasks(String run, Duration limit,
                                             java.util.function.Predicate<Map<String, String[]>> condition)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<String, String[]> rows = tasks(run);
            if (condition.test(rows)) {
                return rows;
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + "; tasks now: " + describe(rows));
            }
            Thread.sleep(200);
        }
    }

    private static String describe(Map<String, String[]> rows) {
        StringBuilder out = new StringBuilder();
        rows.forEach((id, row) -> out.append(id).append('=').append(row[0]).append('#').append(row[1]).append(' '));
        return out.toString();
    }
}
