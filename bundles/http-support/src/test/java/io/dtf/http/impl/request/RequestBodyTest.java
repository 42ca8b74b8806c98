package io.dtf.http.impl.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.http.DtfJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void jsonByTheMapper() throws Exception {
        HttpEntity entity = RequestBody.json(DtfJson.mapper(), new TaskAttempt(TaskId.of("r2.1"), 2)).entity();
        assertEquals("application/json; charset=UTF-8", entity.getContentType());
        assertEquals("{\"task\":\"r2.1\",\"attempt\":2}", EntityUtils.toString(entity));
    }

    @Test
    void aValueTheMapperCannotWriteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestBody.json(DtfJson.mapper(), new Object()));
        assertEquals("cannot write java.lang.Object as JSON", e.getMessage());
    }

    @Test
    void textIsUtf8UnlessTheMediaTypeSaysOtherwise() throws IOException {
        HttpEntity utf8 = RequestBody.text("zwölf", "application/yaml").entity();
        assertEquals("application/yaml; charset=UTF-8", utf8.getContentType());
        assertArrayEquals("zwölf".getBytes(StandardCharsets.UTF_8), EntityUtils.toByteArray(utf8));
        HttpEntity latin1 = RequestBody.text("zwölf", "text/plain; charset=ISO-8859-1").entity();
        assertArrayEquals("zwölf".getBytes(StandardCharsets.ISO_8859_1), EntityUtils.toByteArray(latin1));
    }

    @Test
    void bytesAreCopiedAndSentAgainOnEveryTry() throws IOException {
        byte[] bytes = {1, 2, 3};
        RequestBody body = RequestBody.bytes(bytes, "application/octet-stream");
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, EntityUtils.toByteArray(body.entity()));
        assertArrayEquals(new byte[] {1, 2, 3}, EntityUtils.toByteArray(body.entity()));
    }
}
