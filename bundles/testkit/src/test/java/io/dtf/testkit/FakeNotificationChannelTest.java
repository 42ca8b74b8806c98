package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeNotificationChannelTest {
    @Test
    void deliversWhatIsNotScriptedToFail() throws Exception {
        FakeNotificationChannel slack = new FakeNotificationChannel()
                .failNext(ExternalSystemResult.rejected("channel_not_found", "no #qa"));
        Notification failed = Notification.builder("api-tests failed", Severity.ERROR).id("n1").build();

        assertFalse(slack.send(failed).get().retryable(), "a permanent failure");
        ExternalSystemResult sent = slack.send(failed).get();

        assertTrue(sent.success());
        assertEquals("n1", sent.item().orElseThrow().id());
        assertEquals(List.of(failed), slack.delivered());
        assertEquals(List.of("send n1 ERROR api-tests failed", "send n1 ERROR api-tests failed"), slack.calls());
    }
}
