package io.dtf.rest.impl.openapi;

import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** {@code GET /api/openapi.json}: the OpenAPI 3 document the bundle carries, for everyone. */
public final class OpenApiRoutes {
    private final Limits limits;
    private final byte[] document = document();

    public OpenApiRoutes(Limits limits) {
        this.limits = limits;
    }

    public void addTo(Router router) {
        router.add("GET", "/api/openapi.json", Role.PUBLIC, limits.maxBodyBytes(), Set.of(), this::openApi);
    }

    private void openApi(Exchange ex) throws IOException {
        Responses.bytes(ex.response, 200, Responses.JSON, document);
    }

    /** The document as served. */
    public static byte[] document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json cannot be read", e);
        }
    }
}
