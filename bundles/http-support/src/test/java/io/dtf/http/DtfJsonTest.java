package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DtfJsonTest {

    @Test
    void idsTimesAndDurationsAreReadableStrings() throws Exception {
        String json = DtfJson.mapper().writeValueAsString(new TaskAttempt(TaskId.of("r1.2"), 3));
        assertEquals("{\"task\":\"r1.2\",\"attempt\":3}", json);
        TaskResult result = new TaskResult(TaskState.PASSED, Duration.ofMillis(1500), 0, null, List.of(), List.of(),
                Map.of(), null, null);
        String text = DtfJson.mapper().writeValueAsString(result);
        assertTrue(text.contains("\"duration\":\"PT1.5S\""), text);
    }

    @Test
    void aStoredTestCaseHasItsTestIdAsAStringAndSurvivesTheRoundTrip() throws Exception {
        TestCaseResult result = new TestCaseResult("suite", "org.example.LoginTest", "logsIn", TestCaseStatus.PASSED,
                Duration.ofMillis(3), null, null, false, Map.of("testrail_case_id", "C1"), "out", null);
        StoredTestCase stored = new StoredTestCase(TaskId.of("r1.1"), "unit", 2, result, null, null, null);
        String json = DtfJson.mapper().writeValueAsString(stored);
        assertTrue(json.contains("\"test\":\"" + TestId.of("org.example.LoginTest", "logsIn") + "\""), json);
        assertEquals(stored, DtfJson.mapper().readValue(json, StoredTestCase.class));
    }

    @Test
    void aLeaseSurvivesTheRoundTrip() throws Exception {
        Task task = new Task(TaskId.of("r1.1"), RunId.of("r1"), "unit", "command",
                Map.of("command", List.of("true")), new Requirements("linux", null, 2, null, Set.of("x"), null, null,
                null), 5, "web", Instant.parse("2026-11-27T10:00:00Z"), Duration.ofMinutes(10), 2, 7,
                TaskState.LEASED, 1, WorkerId.of("w1"), Instant.parse("2026-11-27T09:00:00Z"), null, null, null);
        PollResult poll = new PollResult(List.of(new Lease(new TaskAttempt(task.id(), 1), task,
                Instant.parse("2026-11-27T09:00:30Z"))), List.of());
        String json = DtfJson.mapper().writeValueAsString(poll);
        assertEquals(poll, DtfJson.mapper().readValue(json, PollResult.class));
    }

    @Test
    void unknownPropertiesAreRefused() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> DtfJson.mapper().readValue("{\"task\":\"r1.1\",\"attempt\":1,\"atempt\":2}", TaskAttempt.class));
    }
}
