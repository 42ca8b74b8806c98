package io.dtf.rest.impl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.http.DtfJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes answers: JSON by {@link DtfJson}, text, and errors as {@code application/problem+json}. */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String TEXT = "text/plain; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    public static void json(HttpServletResponse response, int status, Object body) throws IOException {
        bytes(response, status, JSON, DtfJson.mapper().writeValueAsBytes(body));
    }

    public static void noContent(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    public static void bytes(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Answers a failure: what the client got wrong as 4xx, anything else as 5xx without internals. */
    public static void failure(HttpServletResponse response, Throwable failure) throws IOException {
        RestError error = toRestError(failure);
        if (response.isCommitted()) {
            LOG.debug("Cannot answer {} {}: the response is already committed", error.code().code(), error.getMessage());
            return;
        }
        response.reset();
        error.headers().forEach(response::setHeader);
        bytes(response, error.code().httpStatus(), PROBLEM_JSON, problemBody(error));
    }

    static RestError toRestError(Throwable failure) {
        if (failure instanceof RestError error) {
            return error;
        }
        if (failure instanceof DtfException dtf) {
            ErrorCode code = dtf.code();
            if (code.httpStatus() >= 500) {
                LOG.warn("Request failed with {}: {}", code.code(), dtf.getMessage());
            }
            Map<String, String> headers = code.httpStatus() == 503 ? Map.of("Retry-After", "5") : Map.of();
            return new RestError(code, detail(dtf), dtf.problems(), headers);
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Request failed unexpectedly (reference {})", reference, failure);
        return new RestError(ErrorCode.INTERNAL, "internal error; the coordinator's log has the details under reference "
                + reference);
    }

    /** The exception's message without the problem list that {@link DtfException#getMessage()} appends. */
    static String detail(DtfException e) {
        String message = String.valueOf(e.getMessage());
        int list = message.indexOf(":\n  - ");
        return e.problems().isEmpty() || list < 0 ? message : message.substring(0, list);
    }

    static byte[] problemBody(RestError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://dtf.io/problems/" + error.code().code());
        body.put("title", error.code().title());
        body.put("status", error.code().httpStatus());
        body.put("code", error.code().code());
        body.put("detail", error.getMessage());
        List<Map<String, String>> problems = error.problems().stream()
                .map(Responses::problem).toList();
        body.put("problems", problems);
        try {
            return DtfJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            return ("{\"code\":\"" + error.code().code() + "\",\"status\":" + error.code().httpStatus() + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> problem(Problem p) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("location", p.location());
        map.put("message", p.message());
        return map;
    }
}
