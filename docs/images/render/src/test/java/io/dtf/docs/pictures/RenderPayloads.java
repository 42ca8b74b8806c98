package io.dtf.docs.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dtf.api.notify.Notification;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.plugin.EventData;
import io.dtf.connector.jira.impl.JiraPayload;
import io.dtf.connector.msteams.impl.TeamsPayload;
import io.dtf.connector.slack.impl.SlackPayload;
import io.dtf.notify.impl.Notifier;
import io.dtf.notify.impl.config.RulesParser;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.templates.Templates;
import io.dtf.testkit.FakeNotificationChannel;
import io.dtf.testkit.FakeNotificationChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the payloads the pictures show to {@code target/payloads}: the failed run's end ({@link FailedRun}) routed by
 * the real notification system with its built-in templates to a Slack and a Teams channel, each notification turned
 * into its destination's body by the connector's own code (Block Kit, an Adaptive Card); and the Jira issue the Jira
 * connector creates for a failed test with a stack trace (its REST v3 body with the description in ADF), as a WireMock Jira got
 * it.
 */
class RenderPayloads {
    /** Pretty JSON, java.time included (a notification's time). */
    private static final ObjectMapper JSON = DataFiles.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROUTES = """
            route:
              channels: [team-slack, qa-teams]
              group_by: [run]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
            """;

    @TempDir
    Path data;

    @Test
    void writeThePayloads() throws Exception {
        Path out = Path.of("target", "payloads");
        Files.createDirectories(out);
        try (FailedRun run = new FailedRun()) {
            DtfEvent completed = run.completed();
            ManualClock clock = new ManualClock(completed.at());
            FakeNotificationChannel slack = new FakeNotificationChannel();
            FakeNotificationChannel teams = new FakeNotificationChannel();
            Notifier notifier = new Notifier(clock, run.store(), new FakeNotificationChannels()
                    .add("team-slack", "slack", slack).add("qa-teams", "msteams", teams), new DataFiles(data),
                    RulesParser.parse(ROUTES, "pictures"), new Templates(null), 100);
            notifier.accept(completed);
            clock.advance(Duration.ofSeconds(30));
            notifier.tick();
            notifier.close();
            assertEquals(1, slack.delivered().size(), "one Slack message");
            assertEquals(1, teams.delivered().size(), "one Teams card");
            write(out.resolve("slack-notification.json"), slack.delivered().get(0));
            Files.write(out.resolve("slack.json"), JSON.writeValueAsBytes(SlackPayload.of(slack.delivered().get(0))));
            write(out.resolve("teams-notification.json"), teams.delivered().get(0));
            Files.write(out.resolve("teams.json"), JSON.writeValueAsBytes(JSON.readTree(
                    TeamsPayload.of(teams.delivered().get(0)))));
            // the failed test with a stack trace: the description shows all it can hold
            StoredTestCase failed = completed.get(EventData.REPORT).failedTests().stream()
                    .filter(test -> test.result().details() != null).findFirst().orElseThrow();
            Files.write(out.resolve("jira.json"), JSON.writeValueAsBytes(JSON.readTree(
                    JiraPayload.of(run.store(), failed, completed))));
        }
    }

    private static void write(Path file, Notification notification) throws Exception {
        Files.write(file, JSON.writeValueAsBytes(notification));
    }

    /** Time that moves when told: group waits pass without waiting. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
