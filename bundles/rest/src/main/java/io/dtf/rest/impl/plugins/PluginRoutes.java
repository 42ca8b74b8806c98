package io.dtf.rest.impl.plugins;

import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.task.Page;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins ({@code dtf:plugins}): the list with their counters, turning one on or off (admin), and the events its
 * durable hooks parked, sent again on request (admin).
 */
public record PluginRoutes(RequiredService<PluginRegistry> registry, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRoutes.class);

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        String plugins = Router.V1 + "/plugins";
        router.add("GET", plugins, Role.VIEWER, body, Query.pageAnd("type", "state"), this::plugins)
                .add("POST", plugins + "/{name}/enable", Role.ADMIN, body, Set.of(), this::enable)
                .add("POST", plugins + "/{name}/disable", Role.ADMIN, body, Set.of(), this::disable)
                .add("GET", plugins + "/{name}/parked", Role.VIEWER, body, Set.of(), this::parked)
                .add("POST", plugins + "/{name}/parked/redeliver", Role.ADMIN, body, Set.of("seq"), this::redeliver);
    }

    private void plugins(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<PluginType> types = q.enums("type", PluginType.class);
        Set<PluginState> states = q.enums("state", PluginState.class);
        Page page = q.page();
        q.check();
        List<PluginInfo> found = registry.get().plugins().stream()
                .filter(p -> types.isEmpty() || types.contains(p.type()))
                .filter(p -> states.isEmpty() || states.contains(p.state())).toList();
        ex.ok(Paged.window(found, page));
    }

    private void enable(Exchange ex) {
        String name = ex.path("name", Ids::name);
        registry.get().enable(name);
        LOG.info("Plugin {} enabled over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }

    private void parked(Exchange ex) throws IOException {
        String name = ex.path("name", Ids::name);
        ex.query().check();
        ex.ok(registry.get().parkedEvents(name));
    }

    /** All parked events, or the one {@code seq} names. */
    private void redeliver(Exchange ex) throws IOException {
        String name = ex.path("name", Ids::name);
        Query q = ex.query();
        String seqText = q.single("seq");
        Long seq = seqText == null ? null : (long) q.integer("seq", 1, Integer.MAX_VALUE, 1);
        q.check();
        int sent = registry.get().redeliver(name, seq);
        LOG.info("{} parked event(s) of plugin {} sent again over REST by the {}", sent, name, ex.caller.name());
        ex.ok(Map.of("redelivered", sent));
    }

    private void disable(Exchange ex) {
        String name = ex.path("name", Ids::name);
        registry.get().disable(name);
        LOG.info("Plugin {} disabled over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }
}
