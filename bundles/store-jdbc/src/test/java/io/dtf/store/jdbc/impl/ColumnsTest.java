package io.dtf.store.jdbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    @Test
    void instantsAndDurationsKeepMicroseconds() {
        for (String text : new String[] {"2026-11-27T10:00:00.123456Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z"}) {
            Instant instant = Instant.parse(text);
            assertEquals(instant, Columns.instant(Columns.micros(instant)));
        }
        assertEquals(-1, Columns.micros(Instant.parse("1969-12-31T23:59:59.999999Z")));
        assertEquals(Instant.parse("2026-11-27T10:00:00.123456Z"),
                Columns.instant(Columns.micros(Instant.parse("2026-11-27T10:00:00.123456789Z"))), "nanos are cut");
        assertEquals(Duration.ofMillis(1500), Columns.duration(Columns.micros(Duration.ofMillis(1500))));
        assertEquals(Duration.ofNanos(-1000), Columns.duration(Columns.micros(Duration.ofNanos(-1000))));
    }
}
