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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plugins ({@code dtf:plugins}): the list with their counters, and turning one on or off (admin). */
public record PluginRoutes(RequiredService<PluginRegistry> registry, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRoutes.class);

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        String plugins = Router.V1 + "/plugins";
        router.add("GET", plugins, Role.VIEWER, body, Query.pageAnd("type", "state"), this::plugins)
                .add("POST", plugins + "/{name}/enable", Role.ADMIN, body, Set.of(), this::enable)
                .add("POST", plugins + "/{name}/disable", Role.ADMIN, body, Set.of(), this::disable);
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

    private void disable(Exchange ex) {
        String name = ex.path("name", Ids::name);
        registry.get().disable(name);
        LOG.info("Plugin {} disabled over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }
}
