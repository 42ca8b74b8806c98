package io.dtf.http.impl.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JavaType;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.http.DtfHttpException;
import io.dtf.http.DtfJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

class ResponseBodiesTest {
    private static final JavaType ATTEMPT = DtfJson.mapper().constructType(TaskAttempt.class);

    private final ResponseBodies bodies = new ResponseBodies(DtfJson.mapper());

    @Test
    void jsonIsReadLeniently() throws IOException {
        assertEquals(new TaskAttempt(TaskId.of("r1.2"), 3), bodies.json(
                answer(200, "{\"task\":\"r1.2\",\"attempt\":3,\"addedLater\":true}", ContentType.APPLICATION_JSON),
                ATTEMPT));
    }

    @Test
    void anEmptyAnswerIsNull() throws IOException {
        assertNull(bodies.json(answer(204, null, null), ATTEMPT));
        assertNull(bodies.json(answer(200, "", ContentType.APPLICATION_JSON), ATTEMPT));
        assertNull(bodies.json(answer(200, null, null), ATTEMPT));
    }

    @Test
    void anAnswerOfAnotherShapeIsAnInternalError() {
        DtfHttpException e = assertThrows(DtfHttpException.class,
                () -> bodies.json(answer(200, "{\"task\":[1]}", ContentType.APPLICATION_JSON), ATTEMPT));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(200, e.status());
        assertTrue(e.getMessage().startsWith("the answer is not a valid TaskAttempt: "), e.getMessage());
    }

    @Test
    void textInTheAnswersCharset() throws IOException {
        assertEquals("zwölf", ResponseBodies.text(answer(200, "zwölf", ContentType.create("text/plain",
                StandardCharsets.ISO_8859_1))));
        assertEquals("zwölf", ResponseBodies.text(answer(200, "zwölf", ContentType.create("text/plain",
                StandardCharsets.UTF_8))));
        assertEquals("", ResponseBodies.text(answer(204, null, null)));
    }

    @Test
    void copiedToAStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(6, ResponseBodies.copy(answer(200, "zwölf", ContentType.TEXT_PLAIN.withCharset(
                StandardCharsets.UTF_8)), out));
        assertEquals("zwölf", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, ResponseBodies.copy(answer(204, null, null), out));
    }

    private static ClassicHttpResponse answer(int status, String body, ContentType type) {
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(status);
        if (body != null) {
            response.setEntity(new StringEntity(body, type));
        }
        return response;
    }
}
