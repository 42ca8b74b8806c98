package io.dtf.http.impl.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void eachPlaceholderGetsItsSegmentEncoded() {
        assertEquals("/api/v1/runs/r1/tasks/r1.2%2Fx%20y%3F",
                PathTemplate.expand("/api/v1/runs/{}/tasks/{}", new Object[] {"r1", "r1.2/x y?"}));
        assertEquals("/workers/42/poll", PathTemplate.expand("/workers/{}/poll", new Object[] {42}));
        assertEquals("/runs", PathTemplate.expand("/runs", new Object[0]));
    }

    @Test
    void segmentsAndPlaceholdersMustAgree() {
        assertEquals("more segments than {} in /runs/{}", assertThrows(IllegalArgumentException.class,
                () -> PathTemplate.expand("/runs/{}", new Object[] {"r1", "r2"})).getMessage());
        assertEquals("fewer segments than {} in /runs/{}/tasks/{}", assertThrows(IllegalArgumentException.class,
                () -> PathTemplate.expand("/runs/{}/tasks/{}", new Object[] {"r1"})).getMessage());
        assertThrows(NullPointerException.class, () -> PathTemplate.expand("/runs/{}", new Object[] {null}));
    }

    @Test
    void encodingIsForPathsNotForms() {
        assertEquals("a%20b%2Bc%2Fd%C3%A9", PathTemplate.encode("a b+c/dé"));
    }
}
