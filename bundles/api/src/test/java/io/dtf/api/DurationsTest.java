package io.dtf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void refusesNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("'" + text + "' is not a duration (e.g. 90s, 10m, 2h, 500ms or PT10M)", e.getMessage());
    }

    @Test
    void refusesNothingAndCutsALongText() {
        assertEquals("nothing is not a duration (e.g. 90s, 10m, 2h, 500ms or PT10M)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse(null)).getMessage());
        assertEquals("'" + "9".repeat(40) + "...' is not a duration (e.g. 90s, 10m, 2h, 500ms or PT10M)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("9".repeat(50))).getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "PT0S, 0s", "PT0.0004S, 0s", "PT0.001S, 1ms", "PT0.5S, 500ms", "PT0.999S, 999ms",
            "PT1S, 1.0s", "PT2.04S, 2.0s", "PT12.39S, 12.3s", "PT59.99S, 59.9s",
            "PT1M, 1m", "PT1M12S, 1m12s", "PT4M5S, 4m05s", "PT59M59.9S, 59m59s",
            "PT1H, 1h", "PT2H3M, 2h03m", "PT2H3M59S, 2h03m", "PT23H59M, 23h59m",
            "PT24H, 1d", "PT27H, 1d03h", "PT168H, 7d", "PT-5M, -5m", "PT-0.5S, -500ms"})
    void formatsForPeople(String iso, String shown) {
        assertEquals(shown, Durations.format(Duration.parse(iso)));
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S", "PT1M", "PT1M12S", "PT2H3M", "PT24H", "PT27H", "PT10M", "PT-5M"})
    void whatIsShownExactlyReadsBack(String iso) {
        Duration d = Duration.parse(iso);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }
}
