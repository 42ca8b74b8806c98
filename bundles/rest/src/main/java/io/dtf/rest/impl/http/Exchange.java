package io.dtf.rest.impl.http;

import io.dtf.api.DtfException;
import io.dtf.api.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** One request being answered: the matched route, its path parameters and the caller. */
public final class Exchange {
    public final HttpServletRequest request;
    public final HttpServletResponse response;
    public final Router.Route route;
    private final Map<String, String> parameters;
    /** Who calls; {@code null} on public routes. */
    public final Caller caller;
    private final Query query;

    public Exchange(HttpServletRequest request, HttpServletResponse response, Router.Route route,
             Map<String, String> parameters, Caller caller) {
        this.request = request;
        this.response = response;
        this.route = route;
        this.parameters = parameters;
        this.caller = caller;
        this.query = Query.of(Query.parse(request.getQueryString()), route.query());
    }

    /**
     * A path parameter parsed by {@code parse} (which throws a {@link DtfException} naming what is wrong,
     * as {@code RunId.parse} does); 400 naming it when it is malformed.
     */
    public <T> T path(String name, Function<String, T> parse) {
        try {
            return parse.apply(parameters.get(name));
        } catch (DtfException e) {
            throw RestError.invalid("the path is not valid", List.of(new Problem("path." + name, e.getMessage())));
        }
    }

    /**
     * The query parameters, read against those the route takes. Read what you need, then
     * {@link Query#check()}: it refuses unknown parameters and bad values together.
     */
    public Query query() {
        return query;
    }

    /** The body, within the route's limit. */
    public byte[] body() throws IOException {
        return Bodies.read(request, route.bodyLimit());
    }

    /** The body as JSON bound to {@code type}. */
    public <T> T json(Class<T> type) throws IOException {
        Bodies.mediaType(request, List.of(Responses.JSON));
        return Bodies.json(body(), type);
    }

    public void ok(Object body) throws IOException {
        Responses.json(response, HttpServletResponse.SC_OK, body);
    }

    public void noContent() {
        Responses.noContent(response);
    }
}
