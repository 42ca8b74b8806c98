package io.dtf.notify.impl.config;

import io.dtf.api.notify.Severity;
import io.dtf.notify.api.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the routing tree.
 *
 * @param id where it is in the file ({@code route.routes[1].routes[0]}): names its groups
 * @param matchers all must hold for an event to enter it (the root has none)
 * @param minSeverity the least severity it takes, or {@code null}
 * @param continueMatching whether the routes after it are tried too when it matches
 * @param settings what it does, its parent's filled in
 * @param routes its children, tried in order
 */
public record Route(String id, List<Matcher> matchers, Severity minSeverity, boolean continueMatching,
                    RouteSettings settings, List<Route> routes) {
    public Route {
        matchers = List.copyOf(matchers);
        routes = List.copyOf(routes);
    }

    /** Whether an event with these labels enters this route (not looking at the children). */
    public boolean matches(Map<String, String> labels) {
        if (minSeverity != null) {
            Severity severity;
            try {
                severity = Severity.valueOf(labels.getOrDefault("severity", "INFO"));
            } catch (IllegalArgumentException e) {
                severity = Severity.INFO;
            }
            if (severity.compareTo(minSeverity) < 0) {
                return false;
            }
        }
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    /**
     * The routes that take an event, as Alertmanager routes: the deepest matching routes, the first matching child
     * at each level unless it says {@code continue}; a route none of whose children match takes it itself. Called
     * on the root, which matches everything.
     */
    public List<Route> routesFor(Map<String, String> labels) {
        List<Route> found = new ArrayList<>();
        for (Route child : routes) {
            if (child.matches(labels)) {
                found.addAll(child.routesFor(labels));
                if (!child.continueMatching()) {
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            found.add(this);
        }
        return found;
    }
}
