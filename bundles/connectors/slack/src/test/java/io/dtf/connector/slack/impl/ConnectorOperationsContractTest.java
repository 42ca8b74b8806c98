package io.dtf.connector.slack.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.slack.impl.SlackFixture.TOKEN;
import static io.dtf.connector.slack.impl.SlackFixture.answer;
import static io.dtf.connector.slack.impl.SlackFixture.bodies;
import static io.dtf.connector.slack.impl.SlackFixture.posted;
import static io.dtf.connector.slack.impl.SlackFixture.result;
import static io.dtf.connector.slack.impl.SlackFixture.stubMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemRef;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector SPI against a WireMock Slack answering as the Web API reference describes: "auth.test",
 * https://api.slack.com/methods/auth.test ({@code ok}, {@code url}, {@code team}, {@code user}, {@code team_id},
 * {@code user_id}, {@code bot_id}); "chat.postMessage", https://api.slack.com/methods/chat.postMessage; "chat.update",
 * https://api.slack.com/methods/chat.update ({@code channel}, {@code ts}, {@code text}, {@code blocks}); "reactions.add",
 * https://api.slack.com/methods/reactions.add ({@code channel}, {@code name}, {@code timestamp}; scope
 * {@code reactions:write}); every call a JSON POST with {@code Authorization: Bearer}.
 */
class ConnectorOperationsContractTest extends ConnectorUnderTest {
    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();


    @BeforeEach
    void open() {
        slack = SlackFixture.bot(time, SLACK);
    }

    private static void authTestAnswers() {
        stubMethod(SLACK, "auth.test", answer("{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\","
                + "\"user\":\"dtf\",\"team_id\":\"T12345\",\"user_id\":\"U12345\",\"bot_id\":\"B12345\","
                + "\"is_enterprise_install\":false}"));
    }

    @Test
    void connectCallsAuthTestAndSystemInfoSaysWhoseTheTokenIs() {
        authTestAnswers();
        assertFalse(slack.isConnected(), "not connected before the first contact");

        ExternalSystemResult connected = result(slack.connect());

        assertTrue(connected.success(), connected.describe());
        assertTrue(slack.isConnected());
        assertEquals("Acme", connected.data().get("team"));
        assertEquals("B12345", connected.data().get("bot_id"));
        assertEquals("#qa", connected.data().get("channel"));
        assertFalse(connected.data().toString().contains(TOKEN));
        SLACK.verify(postRequestedFor(urlPathEqualTo("/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aRefusedTokenIsNotConnected() {
        stubMethod(SLACK, "auth.test", answer("{\"ok\":false,\"error\":\"invalid_auth\"}"));
        ExternalSystemResult refused = result(slack.connect());
        assertEquals(Status.REJECTED, refused.status());
        assertEquals("invalid_auth", refused.errorCode());
        assertFalse(slack.isConnected());
    }

    @Test
    void createItemMessagePostsAndItsItemHasThePermalinkOnceTheWorkspaceIsKnown() {
        authTestAnswers();
        stubMethod(SLACK, "chat.postMessage", posted("C0123456789", "1503435956.000247"));
        result(slack.connect());

        ExternalSystemResult created = result(slack.createItem("message", Map.of("text", "hello", "channel", "C0123456789",
                "thread_ts", "1503435900.000100")));

        ExternalItem message = created.item().orElseThrow();
        assertEquals(URI.create("https://acme.slack.com/archives/C0123456789/p1503435956000247"), message.url());
        JsonNode body = bodies(SLACK, "/api/chat.postMessage").get(0);
        assertEquals("C0123456789", body.path("channel").asText());
        assertEquals("hello", body.path("text").asText());
        assertEquals("1503435900.000100", body.path("thread_ts").asText());
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, result(slack.createItem("issue", Map.of("text", "x"))).errorCode());
        assertEquals("invalid_parameters", result(slack.createItem("message", Map.of())).errorCode());
    }

    @Test
    void addReactionCallsReactionsAddWithChannelNameAndTimestamp() {
        stubMethod(SLACK, "reactions.add", answer("{\"ok\":true}"));

        ExternalSystemResult added = result(slack.executeOperation("add_reaction",
                Map.of("ts", "1503435956.000247", "name", ":white_check_mark:")));

        assertTrue(added.success(), added.describe());
        JsonNode body = bodies(SLACK, "/api/reactions.add").get(0);
        assertEquals("#qa", body.path("channel").asText());
        assertEquals("white_check_mark", body.path("name").asText(), "the emoji's name, without colons");
        assertEquals("1503435956.000247", body.path("timestamp").asText());

        stubMethod(SLACK, "reactions.add", answer("{\"ok\":false,\"error\":\"already_reacted\"}"));
        assertEquals("already_reacted", result(slack.executeOperation("add_reaction",
                Map.of("timestamp", "1.0", "name", "eyes"))).errorCode());
    }

    @Test
    void updateMessageAndUpdateItemCallChatUpdate() {
        stubMethod(SLACK, "chat.update", answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1503435956.000247\","
                + "\"text\":\"fixed\"}"));

        ExternalSystemResult updated = result(slack.updateItem(new ItemRef("message", "1503435956.000247"),
                Map.of("channel", "C0123456789", "text", "fixed")));
        result(slack.executeOperation("update_message", Map.of("ts", "1503435956.000247", "blocks",
                List.of(Map.of("type", "divider")))));

        assertTrue(updated.success(), updated.describe());
        List<JsonNode> bodies = bodies(SLACK, "/api/chat.update");
        assertEquals("C0123456789", bodies.get(0).path("channel").asText());
        assertEquals("1503435956.000247", bodies.get(0).path("ts").asText());
        assertEquals("fixed", bodies.get(0).path("text").asText());
        assertEquals("divider", bodies.get(1).path("blocks").get(0).path("type").asText());
        assertEquals("#qa", bodies.get(1).path("channel").asText());
    }

    @Test
    void capabilitiesListTheOperationsAndUnknownOnesAreUnsupported() {
        assertEquals(List.of("post_message", "update_message", "add_reaction"), List.copyOf(slack.capabilities().operations()));
        assertTrue(slack.capabilities().supports("message", ItemAction.CREATE));
        assertTrue(slack.capabilities().supports("message", ItemAction.UPDATE));
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                result(slack.executeOperation("delete_channel", Map.of())).errorCode());
        SLACK.verify(0, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
        SLACK.resetRequests();
        SLACK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/reactions.add"))
                .willReturn(aResponse().withStatus(502)));
        assertEquals(Status.UNAVAILABLE, result(slack.executeOperation("add_reaction",
                Map.of("timestamp", "1.0", "name", "eyes"))).status());
    }
}
