package io.dtf.http.impl.request;

import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Makes the request of each try: what the client accepts, its credentials (a bearer token), the call's
 * own headers (which may override both) and its body.
 */
public final class RequestFactory {
    /** JSON first, then the problem documents of errors, then whatever else the server has. */
    static final String ACCEPT = "application/json, application/problem+json, text/plain;q=0.9, */*;q=0.5";

    private final String token;

    /** @param token the bearer token, or {@code null} for none */
    public RequestFactory(String token) {
        this.token = token;
    }

    /** Whether requests carry a bearer token. */
    public boolean hasToken() {
        return token != null;
    }

    /** @param body {@code null} for none */
    public HttpUriRequestBase create(String method, URI uri, Map<String, String> headers, RequestBody body) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setHeader(HttpHeaders.ACCEPT, ACCEPT);
        if (token != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        if (body != null) {
            request.setEntity(body.entity());
        }
        return request;
    }
}
