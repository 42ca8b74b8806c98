package io.dtf.api.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for run and task ids that people and clients give. */
class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"r1", "r12", "r999999999999999999"})
    void runIds(String id) {
        assertEquals(RunId.of(id), RunId.parse(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "r", "r0", "r01", "R1", "12", "r1.2", " r1", "r1 ", "../etc", "r-1",
        "r1000000000000000000", "run-1"})
    void notRunIds(String id) {
        DtfException e = assertThrows(DtfException.class, () -> RunId.parse(id));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("'" + id + "' is not a run id (r followed by a number, e.g. r12)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"r1.1", "r12.3", "r12.999999999"})
    void taskIds(String id) {
        TaskId task = TaskId.parse(id);
        assertEquals(TaskId.of(id), task);
        assertEquals(RunId.parse(id.substring(0, id.indexOf('.'))), task.runId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "r12", "r12.", "r12.0", "r12.03", "r0.1", "12.3", "r12.3.4", "r12.1000000000",
        "x.1"})
    void notTaskIds(String id) {
        DtfException e = assertThrows(DtfException.class, () -> TaskId.parse(id));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("'" + id + "' is not a task id (run id, dot, number, e.g. r12.3)", e.getMessage());
    }

    @Test
    void aMissingOrLongIdIsNamedShortly() {
        assertEquals("nothing is not a run id (r followed by a number, e.g. r12)",
                assertThrows(DtfException.class, () -> RunId.parse(null)).getMessage());
        assertEquals("'" + "x".repeat(40) + "...' is not a task id (run id, dot, number, e.g. r12.3)",
                assertThrows(DtfException.class, () -> TaskId.parse("x".repeat(1000))).getMessage());
    }
}
