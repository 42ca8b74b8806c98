package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void eventsWithNamesMultiLineDataIdsAndComments() throws Exception {
        String stream = ": keep-alive\n\nevent: TASK_STARTED\ndata: {\"a\":1}\nid: 7\n\n"
                + "data: line one\ndata:line two\n\nretry: 1500\nevent: X\ndata\n\nevent: dropped-without-blank-line\ndata: x";
        try (ServerSentEvents events = new ServerSentEvents(new ByteArrayInputStream(
                stream.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(new ServerSentEvents.Event("TASK_STARTED", "{\"a\":1}", "7"), events.next());
            assertEquals(new ServerSentEvents.Event("message", "line one\nline two", "7"), events.next());
            assertEquals(new ServerSentEvents.Event("X", "", "7"), events.next());
            assertNull(events.next());
            assertEquals(1500, events.retryMillis());
            assertEquals("7", events.lastEventId());
        }
    }

    @Test
    void crLfLineEnds() throws Exception {
        String stream = "event: A\r\ndata: 1\r\n\r\n";
        try (ServerSentEvents events = new ServerSentEvents(new ByteArrayInputStream(
                stream.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(new ServerSentEvents.Event("A", "1", null), events.next());
            assertNull(events.next());
        }
    }
}
