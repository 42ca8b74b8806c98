package io.dtf.rest.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.http.DtfJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How failures become problem documents. */
class ResponsesTest {

    @Test
    void everyErrorCodeKeepsItsCodeAndStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            RestError error = Responses.toRestError(new DtfException(code, "something"));
            assertEquals(code.code(), error.code().code());
            assertEquals(code.httpStatus(), error.code().httpStatus());
            assertFalse(error.code().title().isBlank());
        }
    }

    @Test
    void aDtfExceptionKeepsItsMessageAndEveryProblem() throws Exception {
        DtfException invalid = new DtfException(ErrorCode.INVALID_PLAN, "plan a.yaml is not valid", List.of(
                new Problem("tasks[0].timeout", "must be positive"), new Problem("", "no tasks")));
        RestError error = Responses.toRestError(invalid);
        assertEquals("plan a.yaml is not valid", error.getMessage(), "the problems are not repeated in the detail");
        JsonNode doc = DtfJson.mapper().readTree(Responses.problemBody(error));
        assertEquals("https://dtf.io/problems/DTF-1001", doc.get("type").asText());
        assertEquals("Invalid plan", doc.get("title").asText());
        assertEquals(400, doc.get("status").asInt());
        assertEquals("DTF-1001", doc.get("code").asText());
        assertEquals("plan a.yaml is not valid", doc.get("detail").asText());
        assertEquals(2, doc.get("problems").size());
        assertEquals("tasks[0].timeout", doc.get("problems").get(0).get("location").asText());
        assertEquals("must be positive", doc.get("problems").get(0).get("message").asText());
        assertEquals("", doc.get("problems").get(1).get("location").asText());
    }

    @Test
    void theStoreBeingDownIsA503ToRetry() {
        RestError error = Responses.toRestError(new DtfException(ErrorCode.STORE_UNAVAILABLE, "db down"));
        assertEquals(503, error.code().httpStatus());
        assertEquals("5", error.headers().get("Retry-After"));
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() throws Exception {
        RestError error = Responses.toRestError(new IllegalStateException("secret internal state at /etc/x"));
        assertEquals("DTF-1500", error.code().code());
        assertFalse(error.getMessage().contains("secret"));
        assertFalse(error.getMessage().contains("IllegalState"));
        assertTrue(error.getMessage().contains("reference"));
        String body = new String(Responses.problemBody(error));
        assertFalse(body.contains("Exception") || body.contains("at io."), body);
    }

    @Test
    void httpCodesFollowTheDtfNumbering() {
        for (ErrorCode code : List.of(ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN, ErrorCode.METHOD_NOT_ALLOWED,
                ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.TOO_MANY_REQUESTS)) {
            assertEquals("DTF-1" + code.httpStatus(), code.code());
        }
    }
}
