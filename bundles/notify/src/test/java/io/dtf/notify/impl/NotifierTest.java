package io.dtf.notify.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.impl.config.RulesParser;
import io.dtf.notify.impl.delivery.SilenceStore;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.groups.Group;
import io.dtf.notify.impl.templates.Templates;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import io.dtf.testkit.FakeNotificationChannel;
import io.dtf.testkit.FakeNotificationChannels;
import io.dtf.testkit.StoredRuns;
import io.dtf.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification system on the real store, with the test kit's channels and a clock the test moves. */
class NotifierTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String ROUTE_RUN = "route{run=\"";
    private static final String ROUTES = """
            route:
              channels: [team]
              group_by: [run]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 20m
              close_after: 1h
            """;

    @TempDir
    Path data;
    private JdbcTaskStore store;
    private TestClock clock;
    private FakeNotificationChannel team;
    private FakeNotificationChannels channels;
    private Notifier notifier;

    @BeforeEach
    void open() throws Exception {
        store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 4);
        clock = new TestClock(T0);
        team = new FakeNotificationChannel();
        channels = new FakeNotificationChannels().add("team", "slack", team);
        notifier = notifier(ROUTES, null);
    }

    @AfterEach
    void close() {
        notifier.close();
        store.close();
    }

    private Notifier notifier(String routes, Path templates) throws Exception {
        Notifier made = new Notifier(clock, store, channels, new DataFiles(data), RulesParser.parse(routes, "test"),
                new Templates(templates), 1000);
        made.rules(RulesParser.parse(routes, "test"), "test");
        return made;
    }

    @Test
    void aGroupWaitsThenSendsOnceAndFollowUpsTellOnlyWhatJoined() throws Exception {
        RunId run = submit("nightly", 3);
        notifier.accept(taskFailed(run, 1));
        notifier.accept(taskFailed(run, 2));
        clock.advance(Duration.ofSeconds(29));
        notifier.tick();
        assertEquals(0, team.delivered().size(), "nothing before group_wait");
        clock.advance(Duration.ofSeconds(1));
        notifier.tick();
        assertEquals(1, team.delivered().size());
        Notification first = team.delivered().get(0);
        assertEquals("nightly: 2 task failed", first.title());
        assertTrue(first.text().contains("Task task-1 of nightly failed") && first.text().contains("task-2"), first.text());
        assertEquals(Severity.ERROR, first.severity());
        assertEquals("2", first.fields().get("Events"));

        clock.advance(Duration.ofMinutes(1));
        notifier.accept(taskFailed(run, 3));
        notifier.tick();
        assertEquals(1, team.delivered().size(), "a new member waits for group_interval: no early message");
        clock.advance(Duration.ofMinutes(4));
        notifier.tick();
        assertEquals(2, team.delivered().size());
        Notification update = team.delivered().get(1);
        assertEquals("+1: Task task-3 of nightly failed", update.title());
        assertFalse(update.text().contains("task-1"), "an update tells only what joined: " + update.text());
        assertEquals(first.groupKey(), update.groupKey(), "one thread");
        assertTrue(first.id().endsWith("-1") && update.id().endsWith("-2"), first.id() + " " + update.id());

        clock.advance(Duration.ofMinutes(5));
        notifier.tick();
        assertEquals(2, team.delivered().size(), "nothing new, repeat not due: nothing");
        clock.advance(Duration.ofMinutes(10));
        notifier.tick();
        assertEquals(3, team.delivered().size(), "20 minutes after the first full message, the whole group again");
        assertTrue(team.delivered().get(2).title().startsWith("Still open: nightly: 3 task failed"),
                team.delivered().get(2).title());

        clock.advance(Duration.ofHours(1));
        notifier.tick();
        assertEquals(Map.of(), notifier.pendingGroups());
        notifier.accept(taskFailed(run, 3, 2));
        clock.advance(Duration.ofSeconds(30));
        notifier.tick();
        assertEquals(4, team.delivered().size());
        assertFalse(team.delivered().get(3).groupKey().equals(first.groupKey()), "a closed group's key starts a new thread");
    }

    @Test
    void aFailedRunInhibitsTheTaskFailuresOfTheSameRunThatWaitInTheirGroup() throws Exception {
        notifier.rules(RulesParser.parse("""
                route:
                  channels: [team]
                  group_by: [run, type]
                  group_wait: 30s
                """, "test"), "test");
        RunId run = submit("nightly", 2);
        RunId other = submit("smoke", 1);
        notifier.accept(taskFailed(run, 1));
        notifier.accept(taskFailed(other, 1));
        finish(run, 1, StoredRuns.test("a", TestCaseStatus.FAILED));
        notifier.accept(runCompleted(run, "FAILED"));
        notifier.accept(taskFailed(run, 2));
        clock.advance(Duration.ofSeconds(30));
        notifier.tick();
        List<String> titles = team.delivered().stream().map(Notification::title).toList();
        assertEquals(List.of("Run nightly failed", "Task task-1 of smoke failed"), titles.stream().sorted().toList());
        List<Delivery> inhibited = notifier.recent(100).stream()
                .filter(d -> d.outcome() == DeliveryOutcome.INHIBITED).toList();
        assertEquals(2, inhibited.size());
        assertEquals(Set.of(run.value() + ".1:1:TASK_FAILED", run.value() + ".2:1:TASK_FAILED"),
                Set.of(inhibited.get(0).eventId(), inhibited.get(1).eventId()));
        assertTrue(inhibited.stream().allMatch(d -> d.reason().startsWith(
                "inhibited by default inhibit rule: RUN_COMPLETED of run " + run.value() + " (state FAILED)")),
                inhibited.toString());
    }

    @Test
    void aFailedRunInhibitsEveryTaskFailureThatWaitsAlsoThoseBeyondWhatTheGroupLists() throws Exception {
        int tasks = 3 * Group.LISTED;
        RunId run = submit("nightly", tasks);
        List<DtfEvent> storm = new ArrayList<>();
        for (int i = 1; i <= tasks; i++) {
            storm.add(taskFailed(run, i));
        }
        notifier.accept(storm);
        notifier.accept(runCompleted(run, "FAILED"));
        assertEquals(Map.of(ROUTE_RUN + run.value() + "\"}", tasks + 1), notifier.pendingGroups());
        clock.advance(Duration.ofSeconds(30));
        notifier.tick();

        assertEquals(List.of("Run nightly failed"), titles(), "the run's failure alone, listed in place of the others");
        assertFalse(team.delivered().get(0).fields().containsKey("Events"), "one event needs no count");
        assertEquals((long) tasks, notifier.counters().get(DeliveryOutcome.INHIBITED), "each task failure, once");
        assertEquals(1L, notifier.eventsSent());
    }

    @Test
    void silencesMuteByMatchersAndSurviveARestart() throws Exception {
        RunId run = submit("nightly", 2);
        var silence = notifier.silences().add(List.of(Matcher.parse("run_name=night.*".replace("=", "=~")),
                Matcher.parse("type=TASK_FAILED")), null, T0.plus(Duration.ofHours(2)), "ana", "known outage");
        notifier.accept(taskFailed(run, 1));
        Delivery line = notifier.recent(1).get(0);
        assertEquals(DeliveryOutcome.SILENCED, line.outcome());
        assertEquals("silence " + silence.id() + " (run_name=~night.*, type=TASK_FAILED) until "
                + T0.plus(Duration.ofHours(2)) + " by ana: known outage", line.reason());

        SilenceStore reloaded = new SilenceStore(new DataFiles(data), clock);
        assertEquals(List.of(silence), reloaded.list(false));
        assertTrue(reloaded.expire(silence.id()).isPresent());
        assertEquals(List.of(), new SilenceStore(new DataFiles(data), clock).list(false), "the expiry is kept too");
        assertEquals(1, new SilenceStore(new DataFiles(data), clock).list(true).size());
    }

    @Test
    void aRunNameToldOnItsFirstFailureNotOnARepeatAndWhenItIsBackToNormal() throws Exception {
        notifier.rules(RulesParser.parse("""
                route:
                  channels: [team]
                  group_by: [run]
                  group_wait: 0s
                  routes:
                    - match: {type: RUN_COMPLETED}
                """, "test"), "test");
        RunId first = submit("nightly", 1);
        finish(first, 1, StoredRuns.test("login", TestCaseStatus.FAILED), StoredRuns.test("logout", TestCaseStatus.PASSED));
        notifier.accept(runCompleted(first, "FAILED"));
        notifier.tick();
        assertEquals(List.of("Run nightly failed"), titles());
        assertTrue(team.delivered().get(0).text().contains("*new* `login`: login broke"),
                team.delivered().get(0).text());

        RunId again = submit("nightly", 1);
        finish(again, 1, StoredRuns.test("login", TestCaseStatus.FAILED), StoredRuns.test("logout", TestCaseStatus.PASSED));
        notifier.accept(runCompleted(again, "FAILED"));
        notifier.tick();
        assertEquals(1, team.delivered().size(), "the same failure again: no message");
        assertEquals(DeliveryOutcome.REPEATED, notifier.recent(1).get(0).outcome());
        assertEquals("run nightly failed again with the same failed tests as its previous run",
                notifier.recent(1).get(0).reason());

        RunId worse = submit("nightly", 1);
        finish(worse, 1, StoredRuns.test("login", TestCaseStatus.FAILED), StoredRuns.test("logout", TestCaseStatus.FAILED));
        notifier.accept(runCompleted(worse, "FAILED"));
        notifier.tick();
        assertEquals("Run nightly failed with new failures", titles().get(1));
        String text = team.delivered().get(1).text();
        assertTrue(text.indexOf("*new* `logout`") < text.indexOf("`login`") && !text.contains("*new* `login`"),
                "new failures first, and only they are marked new: " + text);

        RunId fixed = submit("nightly", 1);
        finish(fixed, 1, StoredRuns.test("login", TestCaseStatus.PASSED), StoredRuns.test("logout", TestCaseStatus.PASSED));
        notifier.accept(runCompleted(fixed, "PASSED"));
        notifier.tick();
        assertEquals("Run nightly is back to normal", titles().get(2));
        assertTrue(team.delivered().get(2).text().contains(":white_check_mark: `login` passes again"),
                team.delivered().get(2).text());
    }

    @Test
    void aTaskFailureOfTestsThatFailedTheTimeBeforeIsARepeat() throws Exception {
        RunId first = submit("nightly", 1);
        finish(first, 1, StoredRuns.test("login", TestCaseStatus.FAILED));
        notifier.accept(taskFailed(first, 1));
        assertEquals(DeliveryOutcome.GROUPED, notifier.recent(1).get(0).outcome());
        RunId second = submit("nightly", 1);
        finish(second, 1, StoredRuns.test("login", TestCaseStatus.FAILED));
        notifier.accept(taskFailed(second, 1));
        assertEquals(DeliveryOutcome.REPEATED, notifier.recent(1).get(0).outcome());
        assertEquals("its 1 failed tests failed the time before too", notifier.recent(1).get(0).reason());
    }

    @Test
    void templatesInTheOverrideDirectoryComeFirstPerChannelTypeAndEvent(@TempDir Path etc) throws Exception {
        Files.createDirectories(etc.resolve("slack"));
        Files.writeString(etc.resolve("slack/task_failed.ftl"), """
                <#assign title = "Broken: ${events?size} in ${groupLabels.run}">
                <#assign fields = {"Owner": "web team"}>
                <#list events as e>* ${e.title} (${e.severity})</#list>
                """);
        notifier.close();
        notifier = notifier(ROUTES, etc);
        FakeNotificationChannel mail = new FakeNotificationChannel();
        channels.add("mail", "email", mail);
        notifier.rules(RulesParser.parse(ROUTES.replace("[team]", "[team, mail]"), "test"), "test");
        RunId run = submit("nightly", 1);
        notifier.accept(taskFailed(run, 1));
        clock.advance(Duration.ofSeconds(30));
        notifier.tick();
        Notification slack = team.delivered().get(0);
        assertEquals("Broken: 1 in " + run.value(), slack.title());
        assertEquals("* Task task-1 of nightly failed (ERROR)", slack.text());
        assertEquals(Map.of("Owner", "web team"), slack.fields());
        Notification email = mail.delivered().get(0);
        assertEquals("Task task-1 of nightly failed", email.title(), "e-mail has no override: the built-in template");
        assertTrue(email.text().startsWith("### Task task-1 of nightly failed"), email.text());
        assertEquals(slack.id(), email.id(), "one notification, one id, whatever the channel");
        assertTrue(notifier.recent(10).stream().anyMatch(d -> d.outcome() == DeliveryOutcome.SENT
                && d.reason().endsWith("template slack/task_failed.ftl")), notifier.recent(10).toString());
    }

    @Test
    void theDeliveryLogSaysWhatBecameOfEveryEventAndNotificationWithTheReason() throws Exception {
        notifier.rules(RulesParser.parse("""
                route:
                  group_wait: 0s
                  routes:
                    - match: {type: TASK_FAILED}
                      channels: [team, gone]
                rate_limits: {team: 1/s}
                max_attempts: 3
                """, "test"), "test");
        team.failNext(ExternalSystemResult.rateLimited(Duration.ofSeconds(30), "HTTP 429"));
        RunId run = submit("nightly", 1);
        notifier.accept(taskFailed(run, 1));
        notifier.accept(new DtfEvent(HookType.WORKER_FAILED, T0, null, null, new WorkerId("w1"), Severity.ERROR,
                Map.of("reason", "lost"), "w1:WORKER_FAILED"));
        notifier.tick();
        clock.advance(Duration.ofSeconds(29));
        notifier.tick();
        assertEquals(0, team.delivered().size(), "Retry-After is honoured");
        clock.advance(Duration.ofSeconds(1));
        notifier.tick();
        assertEquals(1, team.delivered().size());
        clock.advance(Duration.ofSeconds(10));
        notifier.tick();
        notifier.tick();

        List<String> lines = new ArrayList<>(notifier.recent(100).stream().map(d -> d.outcome() + " "
                + (d.channel() == null ? "" : d.channel() + " ") + d.reason()).toList());
        java.util.Collections.reverse(lines);
        assertTrue(lines.get(0).startsWith("GROUPED joined a new group"), lines.get(0));
        assertEquals("UNROUTED the root route took it and names no channel (test)", lines.get(1));
        assertTrue(lines.contains("RETRYING team first message 1 of the group: attempt 1 of 3 failed: RATE_LIMITED"
                + " rate_limited: HTTP 429 (retry after PT30S); next at " + T0.plusSeconds(30)), lines.toString());
        assertTrue(lines.contains("SENT team first message 1 of the group, template slack/default.ftl"), lines.toString());
        assertTrue(lines.contains("FAILED gone first message 1 of the group: UNAVAILABLE no_channel: no notification"
                + " channel named 'gone' is configured (gave up after 3 attempts)"), lines.toString());
        Map<DeliveryOutcome, Long> counters = notifier.counters();
        assertEquals(1L, counters.get(DeliveryOutcome.SENT));
        assertEquals(1L, counters.get(DeliveryOutcome.FAILED));
        assertEquals(1L, counters.get(DeliveryOutcome.UNROUTED));
        assertEquals(1L, notifier.eventsSent());
        assertEquals(Map.of(DeliveryOutcome.SENT, 1L, DeliveryOutcome.RETRYING, 1L),
                notifier.countersByChannel().get("team"));
        assertEquals(Map.of(DeliveryOutcome.GROUPED, 1L, DeliveryOutcome.UNROUTED, 1L),
                notifier.countersByChannel().get(""));
    }

    @Test
    void aRestartResumesAPendingGroupWithNothingLostOrSentTwice() throws Exception {
        RunId run = submit("nightly", 3);
        notifier.accept(taskFailed(run, 1));
        clock.advance(Duration.ofSeconds(30));
        team.failNext(ExternalSystemResult.unavailable("http_503", "down"));
        notifier.tick();
        notifier.accept(taskFailed(run, 2));
        notifier.close(); // the process dies: a message not yet taken by the channel, an event waiting

        Notifier restarted = notifier(ROUTES, null);
        restarted.accept(taskFailed(run, 2)); // the coordinator delivers again what it had not seen acknowledged
        assertEquals(DeliveryOutcome.DUPLICATE, restarted.recent(1).get(0).outcome());
        assertEquals(Map.of("route{run=\"" + run.value() + "\"}", 2),
                restarted.pendingGroups());
        clock.advance(Duration.ofSeconds(1));
        restarted.tick();
        assertEquals(1, team.delivered().size());
        assertTrue(team.delivered().get(0).title().contains("task-1"));
        clock.advance(Duration.ofMinutes(5));
        restarted.tick();
        restarted.tick();
        assertEquals(2, team.delivered().size());
        assertTrue(team.delivered().get(1).title().contains("task-2"), team.delivered().get(1).title());
        List<String> ids = team.calls().stream().map(call -> call.split(" ")[1]).toList();
        assertEquals(ids.get(0), ids.get(1), "the retried message keeps its id across the restart: " + ids);
        restarted.close();
        notifier = notifier(ROUTES, null);
        clock.advance(Duration.ofMinutes(5));
        notifier.tick();
        assertEquals(2, team.delivered().size(), "all was delivered and recorded: nothing again after a restart");
    }

    // ---- runs in the store

    private List<String> titles() {
        return team.delivered().stream().map(Notification::title).toList();
    }

    private RunId submit(String name, int tasks) {
        return StoredRuns.submit(store, name, Map.of("team", "web"), null, tasks, T0);
    }

    private void finish(RunId run, int index, TestCaseResult... cases) {
        StoredRuns.finish(store, TaskId.of(run, index), clock.instant(), cases);
        clock.advance(Duration.ofMillis(10));
    }

    private DtfEvent taskFailed(RunId run, int index) {
        return taskFailed(run, index, 1);
    }

    private DtfEvent taskFailed(RunId run, int index, int attempt) {
        return new DtfEvent(HookType.TASK_FAILED, clock.instant(), run, TaskId.of(run, index), null, Severity.ERROR,
                Map.of("name", "task-" + index, "attempt", attempt, "state", "FAILED"));
    }

    private DtfEvent runCompleted(RunId run, String state) {
        return new DtfEvent(HookType.RUN_COMPLETED, clock.instant(), run, null, null,
                state.equals("PASSED") ? Severity.INFO : Severity.ERROR, Map.of("state", state));
    }
}
