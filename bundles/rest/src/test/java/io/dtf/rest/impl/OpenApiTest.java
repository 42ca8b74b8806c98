package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.DtfJson;
import io.dtf.rest.impl.auth.Authenticator;
import io.dtf.rest.impl.auth.TokenFile;
import io.dtf.rest.impl.config.TestConfig;
import io.dtf.rest.impl.events.EventHub;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import io.dtf.rest.impl.openapi.OpenApiRoutes;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import io.dtf.testkit.FakeWorkerGateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document and the routes the code registers are the same: every route is in the
 * document with its path and query parameters and its role, and the document names no route the code
 * does not have.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    static Path temp;
    static JsonNode document;
    static List<Router.Route> routes;

    @BeforeAll
    static void load() throws Exception {
        document = DtfJson.mapper().readTree(OpenApiRoutes.document());
        FakeCoordinator coordinator = new FakeCoordinator();
        FakeWorkerGateway gateway = new FakeWorkerGateway();
        FakePluginRegistry plugins = new FakePluginRegistry();
        EventHub events = new EventHub();
        try (RestApi api = new RestApi(() -> coordinator, () -> gateway,
                new Authenticator(new TokenFile(temp.resolve("t")), System.out), () -> events, () -> plugins,
                Limits.of(TestConfig.defaults()))) {
            routes = api.routesForTest();
        }
    }

    /** "METHOD path" of every operation in the document, with the operation. */
    static Map<String, JsonNode> documented() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
                }
            }
        }
        return operations;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> code = new TreeSet<>();
        routes.forEach(r -> code.add(r.method() + " " + r.template()));
        Set<String> doc = documented().keySet();
        Set<String> undocumented = new TreeSet<>(code);
        undocumented.removeAll(doc);
        Set<String> missing = new TreeSet<>(doc);
        missing.removeAll(code);
        assertEquals("undocumented routes: [], documented routes the code does not have: []",
                "undocumented routes: " + undocumented + ", documented routes the code does not have: " + missing);
        assertEquals(code.size(), routes.size(), "a route is registered twice");
    }

    @Test
    void parametersAndRolesAgree() {
        Map<String, JsonNode> doc = documented();
        List<String> wrong = new ArrayList<>();
        for (Router.Route route : routes) {
            JsonNode op = doc.get(route.method() + " " + route.template());
            Set<String> query = new TreeSet<>();
            Set<String> path = new TreeSet<>();
            for (JsonNode p : op.path("parameters")) {
                String in = p.get("in").asText();
                if (!in.equals("header")) { // headers are not in the route's template or query
                    (in.equals("query") ? query : path).add(p.get("name").asText());
                }
            }
            if (!query.equals(new TreeSet<>(route.query()))) {
                wrong.add(route + ": query " + query + " documented, " + new TreeSet<>(route.query()) + " in code");
            }
            Set<String> templated = new TreeSet<>();
            for (String segment : route.segments()) {
                if (segment.startsWith("{")) {
                    templated.add(segment.substring(1, segment.length() - 1));
                }
            }
            if (!path.equals(templated)) {
                wrong.add(route + ": path parameters " + path + " documented");
            }
            JsonNode security = op.get("security");
            String role = security == null || security.isEmpty() ? "public"
                    : security.get(0).get("bearer").get(0).asText();
            String expected = route.role() == Role.PUBLIC ? "public" : route.role().id();
            if (!role.equals(expected)) {
                wrong.add(route + ": role " + role + " documented, " + expected + " in code");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        collectRefs(document, broken);
        assertEquals(List.of(), broken);
        assertTrue(document.get("openapi").asText().startsWith("3."));
    }

    private static void collectRefs(JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String[] parts = ref.asText().substring(2).split("/");
                JsonNode target = document;
                for (String part : parts) {
                    target = target.path(part);
                }
                if (target.isMissingNode()) {
                    broken.add(ref.asText());
                }
            }
            node.elements().forEachRemaining(child -> collectRefs(child, broken));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(child, broken));
        }
    }
}
