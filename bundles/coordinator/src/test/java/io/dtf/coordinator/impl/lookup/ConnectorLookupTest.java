package io.dtf.coordinator.impl.lookup;

import static io.dtf.coordinator.impl.lookup.Registrations.await;
import static io.dtf.coordinator.impl.lookup.Registrations.configured;
import static io.dtf.coordinator.impl.lookup.Registrations.eventually;
import static io.dtf.coordinator.impl.lookup.Registrations.registered;
import static io.dtf.coordinator.impl.lookup.Registrations.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ConnectorInfo;
import io.dtf.api.connector.ConnectorState;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.SecretProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConnectorLookupTest {
    private static final String TYPE = ExternalSystemConnector.TYPE;
    private static final String SLACK = "io.dtf.connector.slack";

    /** Long enough that the test sees a call still running after the removal, even on a busy machine. */
    private final ConnectorLookup lookup = new ConnectorLookup(Duration.ofSeconds(1));

    private static Object answerOf(ExternalSystemConnector connector) throws Exception {
        return await(connector.executeOperation("post_message", Map.of())).data().get("answer");
    }

    @Test
    void instancesAreFoundByTheirConfigurationsNameAndByType() throws Exception {
        lookup.bindConnector(StubConnector.answering("team"), configured(TYPE, "slack", SLACK, "team"));
        lookup.bindConnector(StubConnector.answering("ops"), configured(TYPE, "slack", SLACK, "ops",
                "service.ranking", 10));
        lookup.bindConnector(StubConnector.answering("jira"), registered(TYPE, "jira"));

        assertEquals("team", answerOf(lookup.byName("team").orElseThrow()));
        assertEquals("jira", answerOf(lookup.byName("jira").orElseThrow()), "a single configuration: named by type");
        assertTrue(lookup.byName("nope").isEmpty());
        List<ExternalSystemConnector> slacks = lookup.byType("slack");
        assertEquals(2, slacks.size());
        assertEquals("ops", answerOf(slacks.get(0)), "higher ranking first");
        assertEquals(List.of("jira", "ops", "team"), lookup.all().stream().map(ConnectorInfo::name).toList());
    }

    @Test
    void aRemovedInstanceIsNoLongerFoundAndItsStandInAnswersUnavailableAtOnce() throws Exception {
        StubConnector slack = StubConnector.answering("team");
        Map<String, Object> properties = configured(TYPE, "slack", SLACK, "team");
        lookup.bindConnector(slack, properties);
        ExternalSystemConnector held = lookup.byName("team").orElseThrow();

        lookup.unbindConnector(slack, properties);

        assertTrue(lookup.byName("team").isEmpty());
        assertTrue(lookup.all().isEmpty());
        ExternalSystemResult late = await(held.executeOperation("post_message", Map.of()));
        assertEquals(Status.UNAVAILABLE, late.status());
        assertTrue(late.retryable());
        assertTrue(late.message().contains("connector team (slack) went away before the call"), late.message());
        assertFalse(held.isConnected(), "a boolean question about a gone service answers false");
        assertThrows(ExternalSystemException.class, held::capabilities);
    }

    /** Calls a connector whose answer is {@code answer}, then removes the connector while the call runs. */
    private CompletableFuture<ExternalSystemResult> callThenRemove(CompletableFuture<ExternalSystemResult> answer) {
        StubConnector connector = new StubConnector((operation, parameters) -> answer);
        Map<String, Object> properties = configured(TYPE, "slack", SLACK, "team");
        lookup.bindConnector(connector, properties);
        CompletableFuture<ExternalSystemResult> call = lookup.byName("team").orElseThrow()
                .executeOperation("post_message", Map.of());
        lookup.unbindConnector(connector, properties);
        return call;
    }

    @Test
    void aCallRunningWhenItsInstanceGoesAwayFailsRetryablyAfterTheGracePeriod() throws Exception {
        CompletableFuture<ExternalSystemResult> call = callThenRemove(new CompletableFuture<>());
        assertFalse(call.isDone(), "it may still finish within the grace period");

        ExternalSystemResult result = await(call);
        assertEquals(Status.UNAVAILABLE, result.status());
        assertEquals("gone", result.errorCode());
        assertTrue(result.message().contains("went away during the call"), result.message());
    }

    @Test
    void aCallThatFinishesWithinTheGracePeriodKeepsItsAnswer() throws Exception {
        CompletableFuture<ExternalSystemResult> slow = new CompletableFuture<>();
        CompletableFuture<ExternalSystemResult> call = callThenRemove(slow);

        slow.complete(ExternalSystemResult.ok(Map.of("ts", "1.2")));

        assertEquals("1.2", await(call).data().get("ts"), "not a duplicate-making UNAVAILABLE");
    }

    @Test
    void aConnectorThatThrowsOrFailsItsFutureAnswersWithAFailedResult() throws Exception {
        lookup.bindConnector(new StubConnector((operation, parameters) -> {
            throw new IllegalStateException("bug in " + operation);
        }), registered(TYPE, "throws"));
        lookup.bindConnector(new StubConnector((operation, parameters) -> CompletableFuture.failedFuture(
                new java.net.SocketTimeoutException("read timed out"))), registered(TYPE, "fails"));
        lookup.bindConnector(new StubConnector((operation, parameters) -> null), registered(TYPE, "nothing"));

        ExternalSystemResult thrown = await(lookup.byName("throws").orElseThrow().executeOperation("x", Map.of()));
        assertEquals(Status.REJECTED, thrown.status());
        assertEquals("IllegalStateException: bug in x", thrown.message());
        assertEquals(Status.UNAVAILABLE, await(lookup.byName("fails").orElseThrow().executeOperation("x", Map.of()))
                .status());
        assertEquals(Status.REJECTED, await(lookup.byName("nothing").orElseThrow().executeOperation("x", Map.of()))
                .status());
    }

    @Test
    void theListingSurvivesAConnectorWhoseCapabilitiesThrowAndShowsNoSecrets() {
        StubConnector broken = StubConnector.answering("x");
        broken.capabilitiesFailure = new IllegalStateException("not configured");
        lookup.bindConnector(broken, configured(TYPE, "jira", "io.dtf.connector.jira", "main",
                "url", "https://jira.example.com", "apiToken", "s3cr3t-t0ken"));
        lookup.bindConnector(StubConnector.answering("y"), configured(TYPE, "slack", SLACK, "team"));

        List<ConnectorInfo> all = lookup.all();

        ConnectorInfo jira = all.get(0);
        assertEquals(ConnectorState.FAILED, jira.state());
        assertEquals("capabilities() failed: java.lang.IllegalStateException: not configured", jira.problem());
        assertEquals(SecretProperties.MASK, jira.properties().get("apiToken"));
        assertEquals(List.of("apiToken", TYPE, "url"), List.copyOf(jira.properties().keySet()),
                "sorted, without service.*");
        assertFalse(all.toString().contains("s3cr3t"), all.toString());
        ConnectorInfo slack = all.get(1);
        assertEquals(ConnectorState.CONNECTED, slack.state());
        assertTrue(slack.capabilities().supports("post_message"));
        assertNull(slack.problem());
    }

    @Test
    void aTakenNameIsKeptByTheHigherRankingAndTheOtherListedAsFailed() throws Exception {
        lookup.bindConnector(StubConnector.answering("slack"), configured(TYPE, "slack", SLACK, "team"));
        lookup.bindConnector(StubConnector.answering("msteams"), configured(TYPE, "msteams", "io.dtf.connector.msteams",
                "team", "service.ranking", 5));

        assertEquals("msteams", answerOf(lookup.byName("team").orElseThrow()));
        assertTrue(lookup.byType("slack").isEmpty(), "the loser is not handed out");
        ConnectorInfo loser = lookup.all().stream().filter(info -> info.type().equals("slack")).findFirst()
                .orElseThrow();
        assertEquals(ConnectorState.FAILED, loser.state());
        assertTrue(loser.problem().contains("'team' is taken"), loser.problem());
    }

    @Test
    void aRenamedInstanceIsFoundByItsNewNameWithTheSameStandIn() throws Exception {
        StubConnector connector = StubConnector.answering("team");
        Map<String, Object> properties = configured(TYPE, "slack", SLACK, "team");
        lookup.bindConnector(connector, properties);
        ExternalSystemConnector held = lookup.byName("team").orElseThrow();

        lookup.updatedConnector(connector, with(properties, ExternalSystemConnector.NAME, "chat"));

        assertTrue(lookup.byName("team").isEmpty());
        assertEquals("team", answerOf(lookup.byName("chat").orElseThrow()));
        assertEquals("team", answerOf(held), "the stand-in held before still works");
    }

    @Test
    void callsRacingARemovalAllEnd() throws Exception {
        CompletableFuture<ExternalSystemResult> never = new CompletableFuture<>();
        StubConnector hanging = new StubConnector((operation, parameters) -> never);
        Map<String, Object> properties = registered(TYPE, "slack");
        lookup.bindConnector(hanging, properties);
        ExternalSystemConnector held = lookup.byName("slack").orElseThrow();
        List<CompletableFuture<ExternalSystemResult>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            for (int i = 0; i < 2000; i++) {
                calls.add(held.executeOperation("post_message", Map.of()));
            }
        });
        caller.start();
        assertTrue(eventually(() -> calls.size() > 100));
        lookup.unbindConnector(hanging, properties);
        caller.join(5000);

        assertEquals(2000, calls.size());
        for (CompletableFuture<ExternalSystemResult> call : calls) {
            assertEquals(Status.UNAVAILABLE, await(call).status());
        }
    }
}
