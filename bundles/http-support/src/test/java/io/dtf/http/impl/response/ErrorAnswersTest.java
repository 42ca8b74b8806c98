package io.dtf.http.impl.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.http.DtfHttpException;
import io.dtf.http.DtfJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.Test;

class ErrorAnswersTest {
    private static final String WHAT = "GET http://dtf/api/v1/runs/r1";

    private final ErrorAnswers errors = new ErrorAnswers(DtfJson.mapper());

    @Test
    void problemsMayBeTextOrLocatedMessages() {
        DtfHttpException e = errors.toException(422, bytes("{\"code\":\"DTF-1001\",\"title\":\"Invalid plan\","
                + "\"problems\":[\"no tasks\",{\"location\":\"name\",\"message\":\"required\"},{\"message\":\"odd\"}]}"), WHAT);
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        assertTrue(e.getMessage().startsWith("Invalid plan"), "the title when there is no detail: " + e.getMessage());
        assertEquals(List.of(new Problem("", "no tasks"), new Problem("name", "required"), new Problem("", "odd")),
                e.problems());
    }

    @Test
    void aDocumentWithoutTitleOrDetailSaysStatusAndRequest() {
        DtfHttpException e = errors.toException(503, bytes("{\"status\":503}"), WHAT);
        assertEquals("HTTP 503 from " + WHAT, e.getMessage());
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertNull(e.title());
    }

    @Test
    void otherBodiesAreShownShortOnOneLine() {
        assertEquals("HTTP 502 from " + WHAT + ": [1, 2]", errors.toException(502, bytes("[1, 2]"), WHAT).getMessage());
        assertEquals("HTTP 404 from " + WHAT, errors.toException(404, new byte[0], WHAT).getMessage());
        String page = "<html>\n  <body>" + "x".repeat(400) + "</body>\n</html>";
        String message = errors.toException(500, bytes(page), WHAT).getMessage();
        assertEquals("HTTP 500 from " + WHAT + ": <html> <body>" + "x".repeat(ErrorAnswers.MAX_SHOWN - 15) + "…",
                message);
    }

    @Test
    void secretsInTheAnswerDoNotShow() {
        DtfHttpException e = errors.toException(400, bytes("{\"title\":\"bad password=hunter2-secret\","
                + "\"detail\":\"Authorization: Bearer abcdef0123456789abcdef\"}"), WHAT);
        assertFalse(e.title().contains("hunter2-secret"), e.title());
        assertFalse(e.getMessage().contains("abcdef0123456789abcdef"), e.getMessage());
    }

    @Test
    void onlyTheStartOfALongErrorBodyIsRead() throws IOException {
        byte[] huge = new byte[ErrorAnswers.MAX_BODY * 4];
        assertEquals(ErrorAnswers.MAX_BODY,
                ErrorAnswers.readBody(new ByteArrayEntity(huge, ContentType.TEXT_PLAIN)).length);
        assertEquals(0, ErrorAnswers.readBody(null).length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
