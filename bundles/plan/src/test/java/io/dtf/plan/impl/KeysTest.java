package io.dtf.plan.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final List<String> TASK = List.of("name", "type", "command", "workdir", "env", "reports",
            "timeout", "maxAttempts", "priority", "deadline", "requirements");

    @Test
    void suggestsTheNearestKeyForTypos() {
        assertEquals("command", Keys.closest("comand", TASK));
        assertEquals("command", Keys.closest("commnad", TASK)); // swapped letters
        assertEquals("maxAttempts", Keys.closest("maxattempts", TASK));
        assertEquals("maxAttempts", Keys.closest("max_attempts", TASK));
        assertEquals("reports", Keys.closest("report", TASK));
        assertEquals("env", Keys.closest("ENV", TASK));
        assertEquals("timeout", Keys.closest("timout", TASK));
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertNull(Keys.closest("gpu", TASK));
        assertNull(Keys.closest("x", TASK));
        assertNull(Keys.closest("retries", TASK));
        assertEquals("unknown key", Keys.unknown("foo", TASK));
        assertEquals("unknown key (did you mean 'workdir'?)", Keys.unknown("workdirr", TASK));
    }

    @Test
    void locations() {
        assertEquals("name", Keys.child("", "name"));
        assertEquals("tasks[3].timeout", Keys.child(Keys.index("tasks", 3), "timeout"));
        assertEquals("labels[\"app.kubernetes.io/name\"]", Keys.child("labels", "app.kubernetes.io/name"));
        assertEquals("env[\"say \\\"hi\\\"\"]", Keys.child("env", "say \"hi\""));
    }

    @Test
    void quotesValuesOnOneShortLine() {
        assertEquals("'a\\nb'", Keys.quote("a\nb"));
        assertEquals("'" + "x".repeat(60) + "...'", Keys.quote("x".repeat(100)));
    }
}
