package io.dtf.rest.impl.http;

import io.dtf.api.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of the API: method and path template ({@code /api/v1/runs/{runId}}) with the role they
 * need, the largest body they take and their handler. A path no template matches is a 404; a path
 * matched only for other methods a 405 with {@code Allow}.
 */
public final class Router {
    /** The base path of the API's version 1. */
    public static final String V1 = "/api/v1";

    /** Does the work of a route. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /**
     * One route.
     *
     * @param bodyLimit the largest body in bytes; 0 for routes without a body (their body is not read)
     * @param query the query parameters the route takes; others are refused
     */
    public record Route(String method, String template, Role role, long bodyLimit, Set<String> query, Handler handler) {
        public Route {
            query = Set.copyOf(query);
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(handler, "handler");
        }

        public String[] segments() {
            return template.substring(1).split("/");
        }

        /** The path parameters when the path matches the template, else {@code null}. */
        Map<String, String> match(String[] path) {
            String[] segments = segments();
            if (segments.length != path.length) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(segment.substring(1, segment.length() - 1), path[i]);
                } else if (!segment.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** A route that matched a request, with the path's parameters. */
    public record Match(Route route, Map<String, String> parameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Role role, long bodyLimit, Set<String> query, Handler handler) {
        routes.add(new Route(method, template, role, bodyLimit, query, handler));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route for a request. A literal segment wins over a parameter ({@code /workers/x/poll} is not
     * {@code /workers/{id}} with more), so the first route in order that matches is taken.
     *
     * @throws RestError 404 when no route has this path, 405 when none has it for this method
     */
    public Match route(String method, String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] parts = trimmed.startsWith("/") ? trimmed.substring(1).split("/", -1) : new String[] {trimmed};
        Set<String> allowed = new TreeSet<>();
        Match fallback = null;
        for (Route route : routes) {
            Map<String, String> parameters = route.match(parts);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                if (parameters.isEmpty()) {
                    return new Match(route, parameters);
                }
                if (fallback == null || parameters.size() < fallback.parameters().size()) {
                    fallback = new Match(route, parameters);
                }
            } else {
                allowed.add(route.method());
            }
        }
        if (fallback != null) {
            return fallback;
        }
        if (!allowed.isEmpty()) {
            throw new RestError(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + Query.shorten(trimmed)
                    + "; allowed: " + String.join(", ", allowed), List.of(), Map.of("Allow", String.join(", ", allowed)));
        }
        throw new RestError(ErrorCode.NOT_FOUND, "there is no route " + Query.shorten(trimmed)
                + "; /api/openapi.json lists them all");
    }
}
