package io.dtf.http.impl.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.Problem;
import io.dtf.http.DtfHttpException;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Turns error answers (3xx to 5xx) into {@link DtfHttpException}s: an {@code application/problem+json}
 * document with its code, title, detail and problems, or else the status, the request and the vendor's
 * error text. Everything taken from the answer is redacted.
 */
public final class ErrorAnswers {
    /** The most of an error answer's body that is read. */
    static final int MAX_BODY = 64 * 1024;
    /** The most of a body that is not a problem document that a message shows. */
    static final int MAX_SHOWN = 300;
    /** The most of an error answer's body that the exception keeps. */
    static final int MAX_KEPT = 16 * 1024;

    private final ObjectMapper mapper;

    public ErrorAnswers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The first 64 KiB of an error answer's body; empty when it has none. */
    public static byte[] readBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            return in == null ? new byte[0] : in.readNBytes(MAX_BODY);
        }
    }

    /**
     * The error answer as an exception: a DTF problem document with its code and problems; else status,
     * request and the vendor's error text ({@link VendorErrors}), or the start of a body that is not
     * JSON (a proxy's HTML page). The body is
     * kept, redacted and cut to {@value #MAX_KEPT} characters.
     *
     * @param what the request, for the message ({@code GET http://host/path})
     */
    public DtfHttpException toException(int status, byte[] body, String what) {
        JsonNode doc = null;
        if (body.length > 0) {
            try {
                doc = mapper.readTree(body);
            } catch (IOException e) {
                doc = null;
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String kept = Secrets.redact(text.length() > MAX_KEPT ? text.substring(0, MAX_KEPT) + "…" : text);
        if (doc != null && doc.isObject() && (doc.hasNonNull("detail") || doc.hasNonNull("title"))) {
            return problem(status, doc, what, kept);
        }
        String vendor;
        if (doc != null && doc.isObject()) {
            vendor = Objects.toString(VendorErrors.message(doc), "");
        } else {
            vendor = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
        }
        String message = "HTTP " + status + " from " + what + (vendor.isEmpty() ? "" : ": " + vendor.replaceAll("\\s+", " "));
        return new DtfHttpException(DtfHttpException.errorCode(null, status), null, status, null,
                Secrets.redact(message), List.of(), kept);
    }

    /** A problem document ({@code application/problem+json}, RFC 9457), as DTF's REST API writes them. */
    private static DtfHttpException problem(int status, JsonNode doc, String what, String body) {
        String serverCode = text(doc, "code");
        String title = text(doc, "title");
        String detail = text(doc, "detail");
        List<Problem> problems = new ArrayList<>();
        for (JsonNode p : doc.path("problems")) {
            String message = p.isTextual() ? p.asText() : text(p, "message");
            problems.add(new Problem(Secrets.redact(p.isTextual() ? "" : Objects.toString(text(p, "location"), "")),
                    Secrets.redact(Objects.toString(message, ""))));
        }
        String message = detail != null ? detail : title != null ? title : "HTTP " + status + " from " + what;
        return new DtfHttpException(DtfHttpException.errorCode(serverCode, status), serverCode, status,
                Secrets.redact(title), Secrets.redact(message), problems, body);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
