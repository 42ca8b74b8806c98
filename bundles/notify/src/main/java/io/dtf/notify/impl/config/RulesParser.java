package io.dtf.notify.impl.config;

import io.dtf.api.notify.Severity;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.impl.groups.Group;
import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the routing file ({@code etc/dtf-notify.yaml}). It is read as SnakeYAML's node tree rather than bound to
 * classes so that every mistake is told with its line and key ({@code line 12, route.routes[1].group_wait: '5x' is
 * no duration}); unknown keys are mistakes too, since a misspelt {@code contine} would otherwise change routing
 * silently.
 */
public final class RulesParser {
    private static final Set<String> TOP_KEYS = Set.of("route", "inhibit_rules", "rate_limits", "max_items",
            "max_attempts", "repeated_failures");
    private static final Set<String> ROUTE_KEYS = Set.of("match", "match_re", "min_severity", "continue", "channels",
            "template", "group_by", "group_wait", "group_interval", "repeat_interval", "close_after", "routes");
    private static final Set<String> INHIBIT_KEYS = Set.of("source_match", "source_match_re", "target_match",
            "target_match_re", "equal");
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(s|m|h|second|minute|hour)");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private RulesParser() {
    }

    /** The rules of a routing file's text; {@code source} names the file in messages. */
    public static Rules parse(String text, String source) throws RulesException {
        Node document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new RulesException(source + " line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new RulesException(source + ": not valid YAML: " + e.getMessage());
        }
        Reader reader = new Reader(source);
        if (document == null) {
            throw new RulesException(source + ": empty; it needs at least a 'route' with 'channels'");
        }
        Map<String, Node> top = reader.map(document, "", TOP_KEYS);
        Node routeNode = top.get("route");
        if (routeNode == null) {
            throw reader.problem(document, "", "has no 'route': the routing tree starts there");
        }
        Route root = reader.route(routeNode, "route", RouteSettings.DEFAULTS, true);
        List<InhibitRule> inhibit = new ArrayList<>();
        if (top.containsKey("inhibit_rules")) {
            List<Node> rules = reader.list(top.get("inhibit_rules"), "inhibit_rules");
            for (int i = 0; i < rules.size(); i++) {
                inhibit.add(reader.inhibitRule(rules.get(i), "inhibit_rules[" + i + "]"));
            }
        } else {
            inhibit.add(InhibitRule.FAILED_RUN_MUTES_ITS_TASKS);
        }
        Map<String, Duration> rates = new LinkedHashMap<>();
        if (top.containsKey("rate_limits")) {
            for (Map.Entry<String, Node> rate : reader.map(top.get("rate_limits"), "rate_limits", null).entrySet()) {
                rates.put(rate.getKey(), reader.rate(rate.getValue(), "rate_limits." + rate.getKey()));
            }
        }
        int maxItems = top.containsKey("max_items") ? reader.positive(top.get("max_items"), "max_items") : 20;
        if (maxItems > Group.LISTED) {
            throw reader.problem(top.get("max_items"), "max_items", "is at most " + Group.LISTED
                    + " (the events a group keeps to list; the others are counted), not " + maxItems);
        }
        int maxAttempts = top.containsKey("max_attempts") ? reader.positive(top.get("max_attempts"), "max_attempts") : 10;
        boolean repeated = top.containsKey("repeated_failures")
                && reader.bool(top.get("repeated_failures"), "repeated_failures");
        return new Rules(root, inhibit, rates, maxItems, maxAttempts, repeated);
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}, {@code 250ms} or ISO-8601 ({@code PT5M}). */
    public static Duration duration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher shortForm = SHORT_DURATION.matcher(value);
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
    }

    /** Walks the node tree, each problem told with the line and key it is at. */
    private record Reader(String source) {
        RulesException problem(Node node, String key, String what) {
            return new RulesException(source + " line " + (node.getStartMark().getLine() + 1)
                    + (key.isEmpty() ? "" : ", " + key) + ": " + what);
        }

        /** A mapping's entries by key, refusing keys not in {@code allowed} (any when {@code null}) and repeated ones. */
        Map<String, Node> map(Node node, String key, Set<String> allowed) throws RulesException {
            if (!(node instanceof MappingNode mapping)) {
                throw problem(node, key, "must be a mapping (key: value lines)");
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String name = scalar(tuple.getKeyNode(), key);
                String at = key.isEmpty() ? name : key + "." + name;
                if (allowed != null && !allowed.contains(name)) {
                    throw problem(tuple.getKeyNode(), at, "unknown key; known here: " + String.join(", ",
                            allowed.stream().sorted().toList()));
                }
                if (entries.put(name, tuple.getValueNode()) != null) {
                    throw problem(tuple.getKeyNode(), at, "given twice");
                }
            }
            return entries;
        }

        List<Node> list(Node node, String key) throws RulesException {
            if (!(node instanceof SequenceNode sequence)) {
                throw problem(node, key, "must be a list");
            }
            return sequence.getValue();
        }

        String scalar(Node node, String key) throws RulesException {
            if (!(node instanceof ScalarNode scalar)) {
                throw problem(node, key, "must be a single value");
            }
            return scalar.getValue();
        }

        List<String> strings(Node node, String key) throws RulesException {
            if (node instanceof ScalarNode scalar) {
                return Arrays.stream(scalar.getValue().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
            List<String> values = new ArrayList<>();
            for (Node item : list(node, key)) {
                values.add(scalar(item, key));
            }
            return values;
        }

        Duration duration(Node node, String key) throws RulesException {
            String text = scalar(node, key);
            try {
                Duration value = RulesParser.duration(text);
                if (value.isNegative()) {
                    throw problem(node, key, "must not be negative: '" + text + "'");
                }
                return value;
            } catch (DateTimeParseException | ArithmeticException e) {
                throw problem(node, key, "'" + text + "' is no duration (write 30s, 5m, 4h, 1d or PT5M)");
            }
        }

        Duration rate(Node node, String key) throws RulesException {
            String text = scalar(node, key);
            java.util.regex.Matcher rate = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!rate.matches() || Integer.parseInt(rate.group(1)) < 1) {
                throw problem(node, key, "'" + text + "' is no rate (write 1/s, 20/m or 100/h)");
            }
            Duration window = switch (rate.group(2).charAt(0)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                default -> Duration.ofHours(1);
            };
            return window.dividedBy(Integer.parseInt(rate.group(1)));
        }

        int positive(Node node, String key) throws RulesException {
            String text = scalar(node, key);
            try {
                int value = Integer.parseInt(text.strip());
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // told below
            }
            throw problem(node, key, "must be a whole number of 1 or more, not '" + text + "'");
        }

        boolean bool(Node node, String key) throws RulesException {
            String text = scalar(node, key).strip().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw problem(node, key, "must be true or false, not '" + text + "'");
            }
            return text.equals("true");
        }

        List<Matcher> matchers(Map<String, Node> entries, String equalKey, String regexKey, String key)
                throws RulesException {
            List<Matcher> matchers = new ArrayList<>();
            for (boolean regex : new boolean[] {false, true}) {
                String name = regex ? regexKey : equalKey;
                if (!entries.containsKey(name)) {
                    continue;
                }
                for (Map.Entry<String, Node> entry : map(entries.get(name), key + name, null).entrySet()) {
                    String at = key + name + "." + entry.getKey();
                    try {
                        matchers.add(new Matcher(entry.getKey(), scalar(entry.getValue(), at), regex));
                    } catch (IllegalArgumentException e) {
                        throw problem(entry.getValue(), at, e.getMessage());
                    }
                }
            }
            return matchers;
        }

        Route route(Node node, String key, RouteSettings parent, boolean root) throws RulesException {
            Map<String, Node> entries = map(node, key, ROUTE_KEYS);
            List<Matcher> matchers = matchers(entries, "match", "match_re", key + ".");
            if (root && (!matchers.isEmpty() || entries.containsKey("min_severity") || entries.containsKey("continue"))) {
                throw problem(node, key, "the root route takes every event: match, match_re, min_severity and"
                        + " continue belong to the routes under it");
            }
            Severity minSeverity = null;
            if (entries.containsKey("min_severity")) {
                String text = scalar(entries.get("min_severity"), key + ".min_severity");
                try {
                    minSeverity = Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw problem(entries.get("min_severity"), key + ".min_severity", "'" + text
                            + "' is no severity (INFO, WARNING, ERROR, CRITICAL)");
                }
            }
            boolean continueMatching = entries.containsKey("continue") && bool(entries.get("continue"), key + ".continue");
            String template = parent.template();
            if (entries.containsKey("template")) {
                template = scalar(entries.get("template"), key + ".template");
                if (!TEMPLATE_NAME.matcher(template).matches()) {
                    throw problem(entries.get("template"), key + ".template", "'" + template
                            + "' is no template name (letters, digits, - and _; the file is <channel type>/<name>.ftl)");
                }
            }
            RouteSettings settings = new RouteSettings(
                    entries.containsKey("channels") ? strings(entries.get("channels"), key + ".channels") : parent.channels(),
                    template,
                    entries.containsKey("group_by") ? strings(entries.get("group_by"), key + ".group_by") : parent.groupBy(),
                    entries.containsKey("group_wait") ? duration(entries.get("group_wait"), key + ".group_wait") : parent.groupWait(),
                    entries.containsKey("group_interval") ? duration(entries.get("group_interval"), key + ".group_interval")
                            : parent.groupInterval(),
                    entries.containsKey("repeat_interval") ? duration(entries.get("repeat_interval"), key + ".repeat_interval")
                            : parent.repeatInterval(),
                    entries.containsKey("close_after") ? duration(entries.get("close_after"), key + ".close_after")
                            : parent.closeAfter());
            if (settings.groupInterval().isZero()) {
                throw problem(node, key + ".group_interval", "must be more than 0");
            }
            if (settings.repeatInterval().compareTo(settings.groupInterval()) < 0) {
                Node at = entries.getOrDefault("repeat_interval", entries.getOrDefault("group_interval", node));
                throw problem(at, key + ".repeat_interval", "repeat_interval " + text(settings.repeatInterval())
                        + " is shorter than group_interval " + text(settings.groupInterval())
                        + ": a group is looked at only every group_interval, so it could never repeat that often;"
                        + " make repeat_interval at least " + text(settings.groupInterval()));
            }
            List<Route> children = new ArrayList<>();
            if (entries.containsKey("routes")) {
                List<Node> nodes = list(entries.get("routes"), key + ".routes");
                for (int i = 0; i < nodes.size(); i++) {
                    String childKey = key + ".routes[" + i + "]";
                    children.add(route(nodes.get(i), childKey, settings, false));
                }
            }
            return new Route(key, matchers, minSeverity, continueMatching, settings, children);
        }

        InhibitRule inhibitRule(Node node, String key) throws RulesException {
            Map<String, Node> entries = map(node, key, INHIBIT_KEYS);
            List<Matcher> source = matchers(entries, "source_match", "source_match_re", key + ".");
            List<Matcher> target = matchers(entries, "target_match", "target_match_re", key + ".");
            if (source.isEmpty() || target.isEmpty()) {
                throw problem(node, key, "needs source_match (or source_match_re) and target_match (or target_match_re):"
                        + " without them it would mute everything");
            }
            List<String> equal = entries.containsKey("equal") ? strings(entries.get("equal"), key + ".equal") : List.of();
            return new InhibitRule(key, source, target, equal);
        }

        private static String text(Duration d) {
            return d.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }
}
