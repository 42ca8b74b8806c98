package io.dtf.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "PT10M, PT10M", "pt10m, PT10M", "P1DT2H, PT26H", "PT0.5S, PT0.5S",
            "500ms, PT0.5S", "90s, PT1M30S", "10m, PT10M", "2h, PT2H", "1d, PT24H",
            "1h30m, PT1H30M", "'1m 30s', PT1M30S", "1d2h3m4s5ms, PT26H3M4.005S", "' 10m ', PT10M",
            "-5m, PT-5M", "-PT5M, PT-5M", "0s, PT0S"})
    void parses(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10 minutes", "10M", "1.5h", "m", "30m1h", "1m1m", "1w", "P1M", "PT", "--5m",
            "10ms5s", "1234567890s", "ten"})
    void refuses(String text) {
        assertNull(Durations.parse(text), text);
    }

    @Test
    void formatsInUnits() {
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("7d", Durations.format(Duration.ofDays(7)));
        assertEquals("1d2h3m4s5ms", Durations.format(Durations.parse("1d2h3m4s5ms")));
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("-5m", Durations.format(Duration.ofMinutes(-5)));
    }
}
