package io.dtf.scheduler.fairshare.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void readsPairsFromOneStringOrManyAndTrimsThem() {
        Weights weights = Weights.parse(new String[] {"web-team=2, data = 0.5", "ops=3"}, 1, problems::add);

        assertEquals(2, weights.of("web-team"));
        assertEquals(0.5, weights.of("data"));
        assertEquals(3, weights.of("ops"));
        assertEquals(1, weights.of("someone-else"));
        assertEquals(List.of(), problems);
    }

    @Test
    void skipsAndReportsWhatIsNotATenantWithAPositiveWeight() {
        Weights weights = Weights.parse(new String[] {"a=0, b=-1, c=x, =2, d, e=4"}, 1.5, problems::add);

        assertEquals(4, weights.of("e"));
        assertEquals(1.5, weights.of("a"));
        assertEquals(1.5, weights.of(null));
        assertEquals(5, problems.size(), problems.toString());
    }

    @Test
    void aDefaultWeightThatIsNotPositiveBecomesOne() {
        assertEquals(1, Weights.parse(null, 0, problems::add).of("a"));
        assertEquals(1, problems.size());
    }
}
