package io.dtf.api.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorCapabilitiesTest {
    @Test
    void aBuiltConnectorSaysWhatItCanDo() {
        ConnectorCapabilities jira = ConnectorCapabilities.builder()
                .operations("transition_issue", "add_comment")
                .item("issue", ItemAction.CREATE, ItemAction.READ, ItemAction.QUERY)
                .item("issue", ItemAction.UPDATE, ItemAction.ATTACH)
                .queryLanguage("JQL").rateLimit(RateLimit.perMinute(100)).build();

        assertTrue(jira.supports("transition_issue"));
        assertFalse(jira.supports("delete_project"));
        assertTrue(jira.supports("issue", ItemAction.UPDATE), "actions given twice add up");
        assertFalse(jira.supports("issue", ItemAction.DELETE));
        assertFalse(jira.supports("sprint", ItemAction.READ));
        assertTrue(jira.queries());
        assertTrue(jira.attachments());
        assertEquals(List.of("transition_issue", "add_comment"), List.copyOf(jira.operations()), "in given order");
        assertEquals(Duration.ofMinutes(1), jira.limit().orElseThrow().per());
        assertFalse(ConnectorCapabilities.none().queries());
    }

    @Test
    void aRateLimitIsPositive() {
        assertThrows(IllegalArgumentException.class, () -> RateLimit.perSecond(0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(1, Duration.ZERO));
    }

    @Test
    void aQueryPageSizeIsBounded() {
        ItemQuery query = ItemQuery.text("issue", "labels = dtf");
        assertEquals(ItemQuery.DEFAULT_LIMIT, query.limit());
        assertEquals("c2", query.next("c2").cursor());
        assertThrows(IllegalArgumentException.class, () -> query.limit(ItemQuery.MAX_LIMIT + 1));
    }
}
