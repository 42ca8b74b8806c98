package io.dtf.http.impl.request;

import io.dtf.http.HttpAuth;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Makes the request of each try: what the client accepts, its credentials (asked of the auth strategy
 * at every try, so that a renewed JWT is used), the call's own headers (which may override both) and its
 * body.
 */
public final class RequestFactory {
    /** JSON first, then the problem documents of errors, then whatever else the server has. */
    static final String ACCEPT = "application/json, application/problem+json, text/plain;q=0.9, */*;q=0.5";

    private RequestFactory() {
    }

    /** @param body {@code null} for none */
    public static HttpUriRequestBase create(String method, URI uri, HttpAuth auth, Map<String, String> headers,
                                            RequestBody body) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setHeader(HttpHeaders.ACCEPT, ACCEPT);
        auth.authorize(request::setHeader);
        headers.forEach(request::setHeader);
        if (body != null) {
            request.setEntity(body.entity());
        }
        return request;
    }
}
