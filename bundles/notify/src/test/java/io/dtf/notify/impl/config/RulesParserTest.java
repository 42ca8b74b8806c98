package io.dtf.notify.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesParserTest {
    private static final String TREE = """
            route:
              channels: [ops]
              group_by: [run]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
              routes:
                - match: {type: RUN_COMPLETED}
                  match_re: {branch: "main|release/.*"}
                  channels: [team]
                  continue: true
                  routes:
                    - match: {state: FAILED}
                      min_severity: ERROR
                      template: failed-run
                      group_wait: 10s
                - match: {type: RUN_COMPLETED}
                  channels: [mail]
                - match: {team: web}
                  channels: [web]
            """;

    private static List<String> routed(Rules rules, Map<String, String> labels) {
        return rules.root().routesFor(labels).stream().map(Route::id).toList();
    }

    @Test
    void theFirstMatchingRouteWinsUnlessItSaysContinueAndTheDeepestMatchTakesTheEvent() throws Exception {
        Rules rules = RulesParser.parse(TREE, "dtf-notify.yaml");
        assertEquals(List.of("route.routes[0].routes[0]", "route.routes[1]"), routed(rules,
                Map.of("type", "RUN_COMPLETED", "branch", "main", "state", "FAILED", "severity", "ERROR", "team", "web")),
                "continue on routes[0] lets routes[1] take it too; routes[2] is not tried after routes[1]");
        assertEquals(List.of("route.routes[0]", "route.routes[1]"), routed(rules,
                Map.of("type", "RUN_COMPLETED", "branch", "release/2.1", "state", "PASSED", "severity", "INFO")),
                "no child of routes[0] matches: it takes the event itself");
        assertEquals(List.of("route.routes[1]"), routed(rules,
                Map.of("type", "RUN_COMPLETED", "branch", "feature/x", "state", "FAILED", "severity", "ERROR")),
                "match_re must match the whole branch");
        assertEquals(List.of("route.routes[2]"), routed(rules, Map.of("type", "TASK_FAILED", "team", "web")));
        assertEquals(List.of("route"), routed(rules, Map.of("type", "TASK_FAILED")), "the root takes the rest");
    }

    @Test
    void nestedRoutesInheritWhatTheyDoNotSet() throws Exception {
        Rules rules = RulesParser.parse(TREE, "dtf-notify.yaml");
        Route nested = rules.root().routes().get(0).routes().get(0);
        assertEquals(List.of("team"), nested.settings().channels());
        assertEquals(List.of("run"), nested.settings().groupBy());
        assertEquals(Duration.ofSeconds(10), nested.settings().groupWait());
        assertEquals(Duration.ofMinutes(5), nested.settings().groupInterval());
        assertEquals(Duration.ofHours(4), nested.settings().repeatInterval());
        assertEquals("failed-run", nested.settings().template());
        assertEquals(List.of(InhibitRule.FAILED_RUN_MUTES_ITS_TASKS), rules.inhibitRules(),
                "without inhibit_rules a failed run mutes the task failures of the same run");
    }

    @Test
    void aRepeatShorterThanTheIntervalIsRefusedNamingTheLineAndKey() {
        RulesException e = assertThrows(RulesException.class, () -> RulesParser.parse("""
                route:
                  channels: [ops]
                  routes:
                    - match: {type: TASK_FAILED}
                      group_interval: 10m
                      repeat_interval: 5m
                """, "etc/dtf-notify.yaml"));
        assertEquals("etc/dtf-notify.yaml line 6, route.routes[0].repeat_interval: repeat_interval 5m is shorter than"
                + " group_interval 10m: a group is looked at only every group_interval, so it could never repeat that"
                + " often; make repeat_interval at least 10m", e.getMessage());
    }

    @Test
    void mistakesAreToldWithTheirLineAndKey() {
        assertEquals("f line 4, route.routes[0].contine: unknown key; known here: channels, close_after, continue,"
                + " group_by, group_interval, group_wait, match, match_re, min_severity, repeat_interval, routes, template",
                message("route:\n  channels: [ops]\n  routes:\n    - contine: true\n"));
        assertEquals("f line 2, route.group_wait: '5x' is no duration (write 30s, 5m, 4h, 1d or PT5M)",
                message("route:\n  group_wait: 5x\n"));
        assertEquals("f line 3, rate_limits.team: 'often' is no rate (write 1/s, 20/m or 100/h)",
                message("route: {channels: [team]}\nrate_limits:\n  team: often\n"));
        assertTrue(message("route:\n  channels: [ops\n").startsWith("f line 3: not valid YAML"), message("route:\n  channels: [ops\n"));
        assertEquals("f line 1, route: the root route takes every event: match, match_re, min_severity and continue"
                + " belong to the routes under it", message("route: {match: {type: X}}\n"));
        assertEquals("f line 2, max_items: is at most 100 (the events a group keeps to list; the others are counted),"
                + " not 500", message("route: {channels: [team]}\nmax_items: 500\n"));
    }

    @Test
    void rateLimitsAreSpacingsBetweenMessages() throws Exception {
        Rules rules = RulesParser.parse("route: {channels: [team]}\nrate_limits: {team: 1/s, '*': 30/m}\n", "f");
        assertEquals(Duration.ofSeconds(1), rules.spacing("team"));
        assertEquals(Duration.ofSeconds(2), rules.spacing("mail"));
    }

    private static String message(String yaml) {
        return assertThrows(RulesException.class, () -> RulesParser.parse(yaml, "f")).getMessage();
    }
}
