package io.dtf.rest.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.AttemptResult;
import io.dtf.http.protocol.WorkerProtocol;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static List<String> problems(String json, Class<?> type) {
        RestError error = assertThrows(RestError.class, () -> Bodies.json(json.getBytes(StandardCharsets.UTF_8), type));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        return error.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aValidBodyIsBound() {
        WorkerProtocol.PollRequest poll = Bodies.json(("{\"freeSlots\":2,\"running\":[{\"task\":\"r1.2\",\"attempt\":1}],"
                + "\"maxWait\":\"PT20S\"}").getBytes(StandardCharsets.UTF_8), WorkerProtocol.PollRequest.class);
        assertEquals(2, poll.freeSlots());
        assertEquals(List.of(new TaskAttempt(TaskId.of("r1.2"), 1)), poll.running());
        assertEquals(Duration.ofSeconds(20), poll.maxWait());
    }

    @Test
    void everyWrongTypeAndUnknownPropertyIsListedWithItsLocation() {
        List<String> found = problems("{\"freeSlots\":\"two\",\"running\":[{\"task\":\"r1.1\",\"attempt\":\"x\","
                + "\"atempt\":1}],\"maxWait\":true,\"extra\":{\"a\":[1]}}", WorkerProtocol.PollRequest.class);
        assertEquals(List.of("freeSlots: expected a whole number, not \"two\"",
                "running[0].attempt: expected a whole number, not \"x\"",
                "running[0].atempt: unknown property; known: attempt, task",
                "maxWait: expected an ISO-8601 duration such as PT20S, not true or false",
                "extra: unknown property; known: completed, freeSlots, maxWait, returned, running, started"), found);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        List<String> found = problems("{\n  \"freeSlots\": 1,,\n}", WorkerProtocol.PollRequest.class);
        assertEquals(1, found.size());
        assertTrue(found.get(0).startsWith("malformed JSON at line 2, column 18: "), found.get(0));
    }

    @Test
    void wholeDocumentProblems() {
        assertEquals(List.of("the body is empty; expected a JSON object"), problems("", WorkerProtocol.PollRequest.class));
        assertEquals(List.of("the body is empty; expected a JSON object"), problems("   ", WorkerProtocol.PollRequest.class));
        assertEquals(List.of("the body must be a JSON object, not null"), problems("null", WorkerProtocol.PollRequest.class));
        assertEquals(List.of("unexpected content after the JSON value"), problems("{} {}", WorkerProtocol.PollRequest.class));
        assertEquals(List.of("expected an object, not an array"), problems("[1]", WorkerProtocol.PollRequest.class));
        assertTrue(problems("{\"freeSlots\":1,\"freeSlots\":2}", WorkerProtocol.PollRequest.class).get(0)
                .contains("Duplicate field"));
    }

    @Test
    void recordChecksBecomeProblems() {
        assertEquals(List.of("attempt numbers start at 1: 0"), problems("{\"task\":\"r1.1\",\"attempt\":0}",
                TaskAttempt.class));
        assertEquals(List.of("task: is required"), problems("{\"attempt\":1}", TaskAttempt.class));
        assertEquals(List.of("attempt: expected a whole number, not 1.5"), problems("{\"task\":\"r1.1\",\"attempt\":1.5}",
                TaskAttempt.class));
        assertEquals(List.of("result.status: expected one of QUEUED, LEASED, RUNNING, PASSED, FAILED, ERROR, TIMED_OUT, "
                + "CANCELLED, not 3"), problems("{\"result\":{\"status\":3}}", AttemptResult.class));
    }

    private static HttpServletRequest withContentType(String type) {
        return (HttpServletRequest) Proxy.newProxyInstance(BodiesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getContentType")) {
                        return type;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void mediaTypesAndCharsets() {
        assertEquals("application/json", Bodies.mediaType(withContentType("Application/JSON; charset=UTF-8"),
                List.of("application/json")));
        for (String bad : new String[] {null, "", "text/plain", "application/json; charset=latin1"}) {
            RestError error = assertThrows(RestError.class, () -> Bodies.mediaType(withContentType(bad),
                    List.of("application/json")), bad);
            assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, error.code());
        }
    }
}
