package io.dtf.connector.slack.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.slack.impl.SlackFixture.TOKEN;
import static io.dtf.connector.slack.impl.SlackFixture.answer;
import static io.dtf.connector.slack.impl.SlackFixture.bodies;
import static io.dtf.connector.slack.impl.SlackFixture.posted;
import static io.dtf.connector.slack.impl.SlackFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-ups of a notification group as replies in its first message's thread, as "chat.postMessage",
 * https://api.slack.com/methods/chat.postMessage describes threads: a reply is a message posted with {@code thread_ts}
 * set to the parent's {@code ts} (never a reply's), in the parent's {@code channel} as the answer names it (its id).
 */
class ThreadingContractTest extends ConnectorUnderTest {
    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String POST_MESSAGE = "/api/chat.postMessage";


    /** The thread_ts of each message posted, in order; {@code null} for a message that started a thread. */
    private static List<String> threadOfEachPost() {
        return bodies(SLACK, POST_MESSAGE).stream().map(p -> p.has("thread_ts") ? p.get("thread_ts").asText() : null)
                .toList();
    }

    /** The settings of a bot-token connector posting to #qa, to change. */
    private static Map<String, Object> bot() {
        return new HashMap<>(Map.of("apiUrl", SLACK.baseUrl() + "/api", ".botToken", TOKEN, "channel", "#qa"));
    }

    private static Notification ofGroup(String group, String id) {
        return Notification.builder("nightly: " + id, Severity.ERROR).id(id).text("what changed: " + id).groupKey(group).build();
    }

    /** chat.postMessage answering each message with the next ts: 1.000001, 1.000002, ... */
    private static void numberedAnswers(int count) {
        for (int i = 1; i <= count; i++) {
            SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).inScenario("ts")
                    .whenScenarioStateIs(i == 1 ? Scenario.STARTED : "m" + i)
                    .willReturn(posted("C0123456789", "1.00000" + i)).willSetStateTo("m" + (i + 1)));
        }
    }

    @Test
    void followUpsOfAGroupAreRepliesInTheFirstMessagesThreadInItsChannelId() {
        numberedAnswers(4);
        slack = SlackFixture.bot(time, SLACK);

        ExternalSystemResult first = result(slack.send(ofGroup("nightly", "e1")));
        ExternalSystemResult second = result(slack.send(ofGroup("nightly", "e2")));
        result(slack.send(ofGroup("nightly", "e3")));
        result(slack.send(ofGroup("weekly", "e4")));

        List<JsonNode> posts = bodies(SLACK, POST_MESSAGE);
        assertEquals(4, posts.size());
        assertTrue(posts.get(0).path("thread_ts").isMissingNode());
        assertEquals("#qa", posts.get(0).path("channel").asText());
        for (JsonNode reply : posts.subList(1, 3)) {
            assertEquals("1.000001", reply.path("thread_ts").asText(), "replies go to the parent, never to a reply");
            assertEquals("C0123456789", reply.path("channel").asText());
        }
        assertTrue(posts.get(3).path("thread_ts").isMissingNode(), "another group starts its own thread");
        assertEquals("1.000001", first.item().orElseThrow().id());
        assertEquals("1.000001", second.item().orElseThrow().fields().get("thread_ts"));
    }

    @Test
    void aFollowUpSentWhileTheFirstIsOnItsWayWaitsForItsThread() {
        SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(posted("C0123456789", "1.000001").withFixedDelay(300)).willSetStateTo("fast"));
        SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(posted("C0123456789", "1.000002")));
        slack = SlackFixture.bot(time, SLACK);

        CompletableFuture<ExternalSystemResult> first = slack.send(ofGroup("nightly", "e1"));
        CompletableFuture<ExternalSystemResult> second = slack.send(ofGroup("nightly", "e2"));

        assertTrue(result(first).success());
        assertTrue(result(second).success());
        List<JsonNode> posts = bodies(SLACK, POST_MESSAGE);
        assertEquals(2, posts.size(), "one thread, not two");
        assertTrue(posts.get(0).path("thread_ts").isMissingNode());
        assertEquals("1.000001", posts.get(1).path("thread_ts").asText());
    }

    @Test
    void whenTheFirstFailsTheNextStartsTheThreadAndTheFirstSentAgainIsNotPostedTwice() {
        SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).inScenario("down").whenScenarioStateIs("up")
                .willReturn(posted("C0123456789", "2.000001")));
        slack = SlackFixture.bot(time, SLACK);

        assertEquals(Status.UNAVAILABLE, result(slack.send(ofGroup("nightly", "e1"))).status());
        ExternalSystemResult second = result(slack.send(ofGroup("nightly", "e2")));
        ExternalSystemResult secondAgain = result(slack.send(ofGroup("nightly", "e2")));

        List<JsonNode> posts = bodies(SLACK, POST_MESSAGE);
        assertTrue(posts.get(posts.size() - 1).path("thread_ts").isMissingNode(), "the second starts the thread");
        assertEquals("2.000001", second.item().orElseThrow().id());
        assertEquals(second.item(), secondAgain.item(), "the first message, sent again, is answered with itself");
        assertEquals(posts.size(), bodies(SLACK, POST_MESSAGE).size());
        SLACK.verify(2, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(POST_MESSAGE)));
    }

    @Test
    void theRememberedThreadsAreBoundedAndAForgottenGroupStartsANewThread() {
        SLACK.stubFor(post(urlPathEqualTo(POST_MESSAGE)).willReturn(answer(
                "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"3.000001\"}")));
        slack = SlackFixture.connector(time, Map.of("apiUrl", SLACK.baseUrl() + "/api", ".botToken", TOKEN,
                "channel", "#qa", "threadCacheSize", 2));

        result(slack.send(ofGroup("a", "e1")));
        result(slack.send(ofGroup("b", "e2")));
        result(slack.send(ofGroup("c", "e3")));     // forgets a, the least recently used
        result(slack.send(ofGroup("b", "e4")));     // b is remembered: a reply
        result(slack.send(ofGroup("a", "e5")));     // a was forgotten: a new thread

        List<JsonNode> posts = bodies(SLACK, POST_MESSAGE);
        assertEquals(List.of(false, false, false, true, false),
                posts.stream().map(p -> p.has("thread_ts")).toList());
    }

    @Test
    void afterARestartAFollowUpIsAReplyInTheThreadOfTheGroupsFirstMessage(@TempDir Path data) {
        numberedAnswers(3);
        slack = SlackFixture.connector(time, bot(), data);
        ExternalSystemResult first = result(slack.send(ofGroup("nightly", "e1")));
        slack.deactivate();

        slack = SlackFixture.connector(time, bot(), data);     // the coordinator restarted: a new component, same data
        ExternalSystemResult firstAgain = result(slack.send(ofGroup("nightly", "e1")));
        result(slack.send(ofGroup("nightly", "e2")));

        List<JsonNode> posts = bodies(SLACK, POST_MESSAGE);
        assertEquals(2, posts.size(), "the first message, sent again after the restart, is not posted again");
        assertEquals("1.000001", posts.get(1).path("thread_ts").asText());
        assertEquals("C0123456789", posts.get(1).path("channel").asText());
        assertEquals(first.item().orElseThrow().id(), firstAgain.item().orElseThrow().id());
    }

    @Test
    void theThreadsKeptAcrossARestartAreTheMostRecentlyUsedWithinTheBound(@TempDir Path data) {
        numberedAnswers(6);
        Map<String, Object> twoThreads = bot();
        twoThreads.put("threadCacheSize", 2);
        slack = SlackFixture.connector(time, twoThreads, data);
        result(slack.send(ofGroup("a", "e1")));
        result(slack.send(ofGroup("b", "e2")));
        result(slack.send(ofGroup("c", "e3")));     // forgets a, the least recently used
        slack.deactivate();

        slack = SlackFixture.connector(time, twoThreads, data);
        result(slack.send(ofGroup("b", "e4")));
        result(slack.send(ofGroup("c", "e5")));
        result(slack.send(ofGroup("a", "e6")));

        assertEquals(Arrays.asList(null, null, null, "1.000002", "1.000003", null), threadOfEachPost());
    }

    @Test
    void aThreadIsContinuedForThreadDaysAfterItsFirstMessageRestartOrNot(@TempDir Path data) {
        numberedAnswers(4);
        Map<String, Object> twoDays = bot();
        twoDays.put("threadDays", 2);
        slack = SlackFixture.connector(time, twoDays, data);
        result(slack.send(ofGroup("nightly", "e1")));
        time.advance(Duration.ofDays(2).minusMinutes(1));
        result(slack.send(ofGroup("nightly", "e2")));
        time.advance(Duration.ofMinutes(1));
        result(slack.send(ofGroup("nightly", "e3")));     // two days after 1.000001: a new thread, 1.000003
        slack.deactivate();
        time.advance(Duration.ofDays(2));

        slack = SlackFixture.connector(time, twoDays, data);
        result(slack.send(ofGroup("nightly", "e4")));     // 1.000003 is two days old too

        assertEquals(Arrays.asList(null, "1.000001", null, null), threadOfEachPost());
    }

    @Test
    void threadsKeptForAnotherChannelOrInAnUnreadableFileAreNotContinuedAndCostNoMessage(@TempDir Path data)
            throws IOException {
        numberedAnswers(3);
        slack = SlackFixture.connector(time, bot(), data);
        result(slack.send(ofGroup("nightly", "e1")));
        slack.deactivate();

        Map<String, Object> otherChannel = bot();
        otherChannel.put("channel", "#releases");
        slack = SlackFixture.connector(time, otherChannel, data);
        assertTrue(result(slack.send(ofGroup("nightly", "e2"))).success());
        slack.deactivate();

        Files.writeString(data.resolve(SlackConnector.threadFileName("team")), "{\"channel\": \"#releases\", \"thr");
        slack = SlackFixture.connector(time, otherChannel, data);
        assertTrue(result(slack.send(ofGroup("nightly", "e3"))).success());

        assertEquals(List.of(false, false, false), bodies(SLACK, POST_MESSAGE).stream().map(p -> p.has("thread_ts")).toList());
    }
}
