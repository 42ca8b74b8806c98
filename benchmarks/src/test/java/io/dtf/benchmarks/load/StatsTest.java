package io.dtf.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void percentilesAreNearestRank() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose: 100 .. 1
        }
        assertEquals(50, Stats.percentile(samples, 50));
        assertEquals(99, Stats.percentile(samples, 99));
        assertEquals(100, Stats.percentile(samples, 100));
        assertEquals(1, Stats.percentile(samples, 0));
        assertEquals(1, Stats.percentile(samples, 1));
        assertEquals(7, Stats.percentile(new double[] {7}, 99));
        assertEquals(100, samples[0], "the samples are not reordered");
    }

    @Test
    void percentilesRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 101));
    }

    @Test
    void tableIsMarkdownWithNumbersRightAligned() {
        String t = new Stats.Table("figure", "DTF", "baseline").row("wall time", "12.5 s", "5.1 s")
                .row("p99", "3 ms", "1,204 ms").markdown();
        String[] lines = t.split("\n");
        assertEquals(4, lines.length, t);
        assertEquals("| figure    | DTF    | baseline |", lines[0]);
        assertEquals("| --------- | ------ | -------- |", lines[1]);
        assertEquals("| wall time | 12.5 s |    5.1 s |", lines[2]);
        assertEquals("| p99       |   3 ms | 1,204 ms |", lines[3]);
        assertTrue(Stats.Table.numeric("5,000 tasks/s"));
        assertThrows(IllegalArgumentException.class, () -> new Stats.Table("a", "b").row("x"));
    }
}
