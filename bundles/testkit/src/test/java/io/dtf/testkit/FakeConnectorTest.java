package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemQuery;
import io.dtf.api.connector.ItemRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeConnectorTest {
    private final FakeConnector jira = new FakeConnector();

    @Test
    void itemsAreMadeChangedFoundAndDeletedAsInATracker() throws Exception {
        Map<String, Object> fields = Map.of("summary", "flaky login", "label", "r7");
        ExternalItem issue = jira.createItem("issue", fields).get().item().orElseThrow();
        assertEquals("FAKE-1", issue.key());
        jira.createItem("issue", Map.of("summary", "other", "label", "r8")).get();

        ExternalSystemResult updated = jira.updateItem(new ItemRef("issue", "FAKE-1"), Map.of("status", "open")).get();
        assertEquals(Map.of("summary", "flaky login", "label", "r7", "status", "open"),
                updated.item().orElseThrow().fields());
        assertEquals(List.of(issue.ref()), jira.query(ItemQuery.matching("issue", Map.of("label", "r7"))).get().items()
                .stream().map(ExternalItem::ref).toList());
        assertEquals(Status.OK, jira.deleteItem(issue.ref()).get().status());
        assertEquals(Status.NOT_FOUND, jira.getItem(issue.ref()).get().status());
        assertEquals(1, jira.items("issue").size());
        assertEquals("createItem issue " + fields, jira.calls().get(0));
    }

    @Test
    void queriesArePaged() throws Exception {
        for (int i = 0; i < 5; i++) {
            jira.createItem("case", Map.of("suite", "api")).get();
        }
        ItemQuery query = ItemQuery.matching("case", Map.of("suite", "api")).limit(2);
        ExternalSystemResult first = jira.query(query).get();
        ExternalSystemResult last = jira.query(query.next("4")).get();
        assertEquals(2, first.items().size());
        assertEquals("2", first.nextCursor());
        assertEquals(1, last.items().size());
        assertEquals(null, last.nextCursor());
        assertEquals(Status.REJECTED, jira.query(ItemQuery.text("case", "suite = api")).get().status());
    }

    @Test
    void scriptedFailuresComeFirstOneEachThenCallsAreDone() throws Exception {
        jira.failNext(ExternalSystemResult.rateLimited(Duration.ofSeconds(30), "429 Too Many Requests"),
                ExternalSystemResult.unavailable("http_503", "down"));

        ExternalSystemResult limited = jira.createItem("issue", Map.of()).get();
        assertEquals(Status.RATE_LIMITED, limited.status());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        assertTrue(jira.createItem("issue", Map.of()).get().retryable());
        assertTrue(jira.createItem("issue", Map.of()).get().success());
        assertEquals(1, jira.items("issue").size(), "failed calls made nothing");
        assertEquals(3, jira.calls().size());
        assertThrows(IllegalArgumentException.class, () -> jira.failNext(ExternalSystemResult.ok()));
    }

    @Test
    void givenCapabilitiesAreKeptToAndOperationsAnswerAsDefined(@TempDir Path dir) throws Exception {
        jira.capabilities(ConnectorCapabilities.builder().operations("transition_issue")
                .item("issue", ItemAction.CREATE, ItemAction.ATTACH).build())
                .operation("transition_issue", parameters -> ExternalSystemResult.ok(Map.of("to", parameters.get("to"))))
                .operation("delete_project", parameters -> ExternalSystemResult.ok());

        assertEquals("Done", jira.executeOperation("transition_issue", Map.of("to", "Done")).get().data().get("to"));
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                jira.executeOperation("delete_project", Map.of()).get().errorCode(), "not in its capabilities");
        ItemRef issue = jira.createItem("issue", Map.of()).get().item().orElseThrow().ref();
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, jira.getItem(issue).get().errorCode());
        Path log = Files.writeString(dir.resolve("run.log"), "output");
        assertTrue(jira.attach(issue, log, "run.log").get().success());
        assertEquals(Status.REJECTED, jira.attach(issue, dir.resolve("missing.log"), "x").get().status());
        assertEquals(List.of("run.log"), jira.attachments(issue));
    }

    @Test
    void withoutGivenCapabilitiesItSaysWhatItHolds() throws Exception {
        assertFalse(jira.isConnected());
        jira.connect().get();
        assertTrue(jira.isConnected());
        jira.operation("post_message", parameters -> ExternalSystemResult.ok());
        jira.createItem("issue", Map.of()).get();
        assertTrue(jira.capabilities().supports("post_message"));
        assertTrue(jira.capabilities().supports("issue", ItemAction.DELETE));
        assertEquals("fake", jira.systemInfo().get().data().get("system"));
    }
}
