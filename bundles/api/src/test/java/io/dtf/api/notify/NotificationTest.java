package io.dtf.api.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dtf.api.task.RunId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTest {
    @Test
    void theIdIsTheEventsSoThatARepeatIsRecognised() {
        Notification first = Notification.builder("api-tests failed", Severity.ERROR)
                .event("RUN_COMPLETED", "r7:RUN_COMPLETED").run(RunId.of("r7")).build();
        Notification again = Notification.builder("api-tests failed", Severity.ERROR)
                .event("RUN_COMPLETED", "r7:RUN_COMPLETED").build();
        assertEquals(first.id(), again.id());
        assertEquals("r7:RUN_COMPLETED", first.id());
        assertNotEquals(Notification.builder("x", null).build().id(), Notification.builder("x", null).build().id());
    }

    @Test
    void fieldsLinksAndLabelsKeepTheirOrder() {
        Instant at = Instant.parse("2026-12-07T05:00:00Z");
        Notification n = Notification.builder("t", null).text("**2** failed").field("Suite", "API").field("Result",
                "FAILED").field("Duration", "10m").link("Run", URI.create("https://dtf/runs/r7"))
                .link("Build", URI.create("https://ci/1")).label("team", "web").groupKey("r7").at(at).build();
        assertEquals(List.of("Suite", "Result", "Duration"), List.copyOf(n.fields().keySet()));
        assertEquals("Build", n.links().get(1).title());
        assertEquals(Severity.INFO, n.severity(), "INFO when not given");
        assertEquals(at, n.at());
        assertEquals("web", n.labels().get("team"));
    }
}
