package io.dtf.plan.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a plan tree by hand, key by key in document order, so that every problem is reported with its
 * location; builds the {@link Plan} when there is none. One instance reads one plan.
 */
public final class PlanValidator {
    static final List<String> PLAN_KEYS = List.of("name", "labels", "tenant", "scheduler", "defaults", "tasks");
    static final List<String> SETTING_KEYS = List.of("timeout", "maxAttempts", "priority", "deadline", "requirements");
    static final List<String> REQUIREMENT_KEYS =
            List.of("os", "arch", "cpus", "memoryMb", "labels", "browser", "webgpu", "webnn");
    /** The task types of the plan format and their own keys, whether or not this DTF can run them yet. */
    static final Map<String, List<String>> TYPE_KEYS = typeKeys();
    static final String COMMAND = "command";
    static final String JUNIT = "junit";
    static final List<String> SELECT_KEYS = List.of("packages", "classes", "methods", "tags");
    static final List<String> SPLIT_KEYS = List.of("by", "shards");
    /** The most shards one junit task may be split into. */
    public static final int MAX_SHARDS = 1000;
    /** {@code groupId:artifactId[:extension[:classifier]]:version}, as Maven Resolver reads it. */
    private static final Pattern MAVEN_COORDINATE = Pattern.compile("[^:\\s]+:[^:\\s]+(:[^:\\s]*){0,2}:[^:\\s]+");

    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern SCHEDULER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_TEXT = 200;
    private static final int MAX_PATH = 4096;
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final PlanDefaults defaults;
    private final Values values;

    public PlanValidator(PlanDefaults defaults, Problems problems) {
        this.defaults = defaults;
        this.values = new Values(problems);
    }

    private static Map<String, List<String>> typeKeys() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(COMMAND, List.of("command", "workdir", "env", "reports"));
        m.put(JUNIT, List.of("classpath", "maven", "select", "split", "jvmArgs", "workdir", "env"));
        m.put("browser", List.of("browser", "script", "page", "input", "shards"));
        return Collections.unmodifiableMap(m);
    }

    /** The plan, or {@code null} when a problem was found. */
    public Plan validate(JsonNode root) {
        int before = problemCount();
        if (!root.isObject()) {
            values.problem("", "a plan must be a mapping (a JSON object) with at least 'name' and 'tasks'");
            return null;
        }
        if (absent(root.get("name"))) {
            values.problem("name", "required");
        }
        if (absent(root.get("tasks"))) {
            values.problem("tasks", "at least one task is required");
        }
        String name = null;
        Map<String, String> labels = Map.of();
        String tenant = null;
        String scheduler = null;
        Settings planSettings = new Settings();
        List<TaskDraft> tasks = List.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String loc = Keys.child("", key);
            if (absent(value) && PLAN_KEYS.contains(key)) {
                continue;
            }
            switch (key) {
                case "name" -> name = name(value, loc);
                case "labels" -> labels = values.stringMap(value, loc);
                case "tenant" -> tenant = name(value, loc);
                case "scheduler" -> scheduler = schedulerName(value, loc);
                case "defaults" -> planSettings = defaults(value, loc);
                case "tasks" -> tasks = tasks(value, loc);
                default -> values.problem(loc, SETTING_KEYS.contains(key) || isTaskKey(key)
                        ? "not a key of the plan (put it in 'defaults' or in a task)"
                        : Keys.unknown(key, PLAN_KEYS));
            }
        }
        if (problemCount() > before || tasks == null || planSettings == null) {
            return null;
        }
        List<PlannedTask> planned = new ArrayList<>(tasks.size());
        Set<String> taken = new HashSet<>();
        tasks.forEach(draft -> taken.add(draft.name));
        for (TaskDraft draft : tasks) {
            if (draft.shards == null) {
                planned.add(draft.build(planSettings, defaults, draft.name, draft.spec));
            } else {
                split(draft, planSettings, taken, planned);
            }
        }
        if (planned.size() > PlanParser.MAX_TASKS) {
            values.problem("tasks", "too many tasks once split: " + planned.size() + " (at most "
                    + PlanParser.MAX_TASKS + " in one plan)");
        }
        if (problemCount() > before) {
            return null;
        }
        return new Plan(name, labels, tenant, scheduler, planned);
    }

    /**
     * A junit task with {@code split: {by: class, shards: N}} as up to N tasks {@code <name>-1} … each with its
     * share of the test classes in {@code select.classes}, balanced by {@link PlanDefaults#testClassEstimates()}.
     */
    @SuppressWarnings("unchecked")
    private void split(TaskDraft draft, Settings planSettings, Set<String> taken, List<PlannedTask> planned) {
        String at = Keys.child(draft.loc, "split");
        Map<String, Object> select = (Map<String, Object>) draft.spec.getOrDefault("select", Map.of());
        List<String> packages = (List<String>) select.getOrDefault("packages", List.of());
        List<String> explicit = (List<String>) select.getOrDefault("classes", List.of());
        if (select.containsKey("methods")) {
            values.problem(at, "cannot be combined with select.methods (split by class selects whole classes)");
            return;
        }
        Set<String> classes = new TreeSet<>(explicit);
        if (!packages.isEmpty() || explicit.isEmpty()) {
            List<String> classpath = (List<String>) draft.spec.get("classpath");
            if (classpath == null) {
                values.problem(at, "split by class needs the test classes when the plan is read: list them in"
                        + " select.classes, or give a 'classpath' this machine can read (Maven coordinates are"
                        + " only resolved on the worker)");
                return;
            }
            try {
                for (String c : TestClasses.scan(classpath, (String) draft.spec.get("workdir"))) {
                    if (packages.isEmpty() || packages.stream().anyMatch(p -> c.startsWith(p + "."))) {
                        classes.add(c);
                    }
                }
            } catch (TestClasses.NotScannable e) {
                values.problem(at, "cannot find the test classes to split by class when the plan is read: "
                        + e.getMessage());
                return;
            }
        }
        if (classes.isEmpty()) {
            values.problem(at, "no test classes (named Test*, *Test, *Tests or *TestCase) found to split"
                    + (packages.isEmpty() ? "" : " in " + String.join(", ", packages)));
            return;
        }
        List<List<String>> shares = TestClasses.balance(List.copyOf(classes), draft.shards,
                defaults.testClassEstimates());
        for (int i = 0; i < shares.size(); i++) {
            String shardName = draft.name + "-" + (i + 1);
            if (!taken.add(shardName)) {
                values.problem(at, "the shard name " + Keys.quote(shardName) + " is taken by another task");
                continue;
            }
            Map<String, Object> shardSelect = new LinkedHashMap<>();
            shardSelect.put("classes", shares.get(i));
            if (select.containsKey("tags")) {
                shardSelect.put("tags", select.get("tags"));
            }
            Map<String, Object> spec = new LinkedHashMap<>(draft.spec);
            spec.put("select", Collections.unmodifiableMap(shardSelect));
            planned.add(draft.build(planSettings, defaults, shardName, spec));
        }
    }

    private int problemCount() {
        return values.problemCount();
    }

    /** Whether a key is left out: not there, {@code null}, or empty (YAML's {@code key:} with nothing after it). */
    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isTextual() && node.textValue().isEmpty();
    }

    private static boolean isTaskKey(String key) {
        return key.equals("name") || key.equals("type")
                || TYPE_KEYS.values().stream().anyMatch(keys -> keys.contains(key));
    }

    private String name(JsonNode node, String loc) {
        String s = values.scalar(node, loc);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            values.problem(loc, "must not be empty");
        } else if (s.length() > PlanParser.MAX_NAME_LENGTH) {
            values.problem(loc, "must be at most " + PlanParser.MAX_NAME_LENGTH + " characters (is " + s.length() + ")");
        } else if (CONTROL.matcher(s).find()) {
            values.problem(loc, "must not contain control characters such as line breaks");
        } else {
            return s;
        }
        return null;
    }

    private String schedulerName(JsonNode node, String loc) {
        String s = values.string(node, loc);
        if (s != null && !SCHEDULER_NAME.matcher(s).matches()) {
            values.problem(loc, Keys.quote(s) + " is not a scheduler name (letters, digits, '.', '_' or '-')");
            return null;
        }
        return s;
    }

    private Settings defaults(JsonNode node, String loc) {
        if (!node.isObject()) {
            values.problem(loc, "must be a mapping");
            return null;
        }
        Settings s = new Settings();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String at = Keys.child(loc, key);
            if (SETTING_KEYS.contains(key)) {
                setting(key, field.getValue(), at, s);
            } else if (isTaskKey(key)) {
                values.problem(at, "cannot be set in defaults (only " + String.join(", ", SETTING_KEYS) + ")");
            } else {
                values.problem(at, Keys.unknown(key, SETTING_KEYS));
            }
        }
        return s;
    }

    /** Reads one of {@link #SETTING_KEYS} into {@code s}. */
    private void setting(String key, JsonNode value, String loc, Settings s) {
        if (absent(value)) {
            return;
        }
        switch (key) {
            case "timeout" -> s.timeout = values.duration(value, loc, PlanParser.MAX_TIMEOUT);
            case "maxAttempts" -> s.maxAttempts = values.integer(value, loc, 1, PlanParser.MAX_ATTEMPTS);
            case "priority" -> s.priority = values.integer(value, loc);
            case "deadline" -> s.deadline = values.instant(value, loc);
            case "requirements" -> requirements(value, loc, s);
            default -> throw new IllegalArgumentException(key);
        }
    }

    private void requirements(JsonNode node, String loc, Settings s) {
        if (!node.isObject()) {
            values.problem(loc, "must be a mapping");
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = Keys.child(loc, key);
            if (absent(value) && REQUIREMENT_KEYS.contains(key)) {
                continue;
            }
            switch (key) {
                case "os" -> s.os = values.text(value, at, MAX_TEXT);
                case "arch" -> s.arch = values.text(value, at, MAX_TEXT);
                case "cpus" -> s.cpus = values.positiveInt(value, at);
                case "memoryMb" -> s.memoryMb = values.positiveLong(value, at);
                case "labels" -> {
                    List<String> labels = values.stringList(value, at);
                    s.labels = labels == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(labels));
                }
                case "browser" -> s.browser = values.text(value, at, MAX_TEXT);
                case "webgpu" -> s.webgpu = values.bool(value, at);
                case "webnn" -> s.webnn = values.bool(value, at);
                default -> values.problem(at, Keys.unknown(key, REQUIREMENT_KEYS));
            }
        }
    }

    private List<TaskDraft> tasks(JsonNode node, String loc) {
        if (!node.isArray()) {
            values.problem(loc, "must be a list of tasks");
            return null;
        }
        if (node.isEmpty()) {
            values.problem(loc, "at least one task is required");
            return null;
        }
        if (node.size() > PlanParser.MAX_TASKS) {
            values.problem(loc, "too many tasks: " + node.size() + " (at most " + PlanParser.MAX_TASKS + " in one plan)");
            return null;
        }
        Map<String, Integer> names = new HashMap<>();
        List<TaskDraft> drafts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            drafts.add(task(node.get(i), Keys.index(loc, i), names, i));
        }
        return drafts;
    }

    private TaskDraft task(JsonNode node, String loc, Map<String, Integer> names, int index) {
        if (!node.isObject()) {
            values.problem(loc, "a task must be a mapping with at least 'name' and 'type'");
            return null;
        }
        TaskDraft t = new TaskDraft();
        JsonNode typeNode = node.get("type");
        t.type = absent(typeNode) ? COMMAND : typeNode.isTextual() ? typeNode.textValue() : null;
        Kind kind = kind(t.type);
        if (absent(node.get("name"))) {
            values.problem(Keys.child(loc, "name"), "required");
        }
        if (kind == Kind.BUILT_IN && COMMAND.equals(t.type) && absent(node.get(COMMAND))) {
            values.problem(Keys.child(loc, COMMAND), "required");
        }
        if (kind == Kind.BUILT_IN && JUNIT.equals(t.type) && absent(node.get("classpath")) && absent(node.get("maven"))) {
            values.problem(Keys.child(loc, "classpath"), "required, or 'maven' (a junit task needs one of them)");
        }
        t.loc = loc;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = Keys.child(loc, key);
            if (key.equals("name")) {
                if (!absent(value)) {
                    t.name = taskName(value, at, names, index);
                }
            } else if (key.equals("type")) {
                if (!absent(value)) {
                    type(value, at, kind);
                }
            } else if (SETTING_KEYS.contains(key)) {
                setting(key, value, at, t.settings);
            } else {
                specKey(t, kind, key, value, at);
            }
        }
        return t;
    }

    /** How far this DTF knows a task type. */
    private enum Kind {
        /** In the format, and runnable here: its keys are checked. */
        BUILT_IN,
        /** Runnable here, but not in the format (a plugin's): its keys are taken as they are. */
        PLUGIN,
        /** In the format, but not runnable here. */
        ANNOUNCED,
        /** Neither, or not even a string. */
        UNKNOWN
    }

    private Kind kind(String type) {
        if (type == null) {
            return Kind.UNKNOWN;
        }
        boolean runnable = defaults.taskTypes().contains(type);
        boolean inFormat = TYPE_KEYS.containsKey(type);
        if (runnable) {
            return inFormat ? Kind.BUILT_IN : Kind.PLUGIN;
        }
        return inFormat ? Kind.ANNOUNCED : Kind.UNKNOWN;
    }

    private void type(JsonNode value, String loc, Kind kind) {
        String supported = "(supported: " + String.join(", ", defaults.taskTypes()) + ")";
        if (!value.isTextual()) {
            values.problem(loc, "must be a string " + supported);
        } else if (kind == Kind.ANNOUNCED) {
            values.problem(loc, "task type " + Keys.quote(value.textValue())
                    + " is not available yet in this DTF version " + supported);
        } else if (kind == Kind.UNKNOWN) {
            values.problem(loc, "unknown task type " + Keys.quote(value.textValue()) + " " + supported);
        }
    }

    private String taskName(JsonNode value, String loc, Map<String, Integer> names, int index) {
        String name = values.scalar(value, loc);
        if (name == null) {
            return null;
        }
        if (!TASK_NAME.matcher(name).matches()) {
            values.problem(loc, Keys.quote(name) + " is not a valid task name (use 1 to 100 letters, digits, '.', '_' or '-')");
            return null;
        }
        Integer first = names.putIfAbsent(name, index);
        if (first != null) {
            values.problem(loc, "duplicate name " + Keys.quote(name) + " (also tasks[" + first + "])");
            return null;
        }
        return name;
    }

    /** A key that is neither name, type nor a setting: one of the task type's own, or a mistake. */
    private void specKey(TaskDraft t, Kind kind, String key, JsonNode value, String loc) {
        List<String> own = kind == Kind.BUILT_IN || kind == Kind.ANNOUNCED ? TYPE_KEYS.get(t.type) : List.of();
        if (kind == Kind.PLUGIN) {
            t.spec.put(key, plain(value));
        } else if (own.contains(key)) {
            if (kind == Kind.BUILT_IN && COMMAND.equals(t.type) && !absent(value)) {
                commandKey(t, key, value, loc);
            } else if (kind == Kind.BUILT_IN && JUNIT.equals(t.type) && !absent(value)) {
                junitKey(t, key, value, loc);
            } else if (kind == Kind.BUILT_IN && !absent(value)) {
                t.spec.put(key, plain(value)); // runnable here, but its keys are not checked by this version yet
            }
        } else if (kind != Kind.UNKNOWN && isTaskKey(key)) {
            values.problem(loc, "not a key of " + t.type + " tasks (it belongs to " + owners(key) + " tasks)");
        } else if (kind == Kind.UNKNOWN && isTaskKey(key)) {
            return; // the type is wrong already: say nothing more about its keys
        } else {
            List<String> known = new ArrayList<>(List.of("name", "type"));
            known.addAll(SETTING_KEYS);
            known.addAll(kind == Kind.UNKNOWN ? allTypeKeys() : own);
            values.problem(loc, Keys.unknown(key, known));
        }
    }

    private static String owners(String key) {
        List<String> owners = new ArrayList<>();
        TYPE_KEYS.forEach((type, keys) -> {
            if (keys.contains(key)) {
                owners.add(type);
            }
        });
        return String.join(" and ", owners);
    }

    private static List<String> allTypeKeys() {
        return TYPE_KEYS.values().stream().flatMap(List::stream).distinct().toList();
    }

    private void commandKey(TaskDraft t, String key, JsonNode value, String loc) {
        switch (key) {
            case "command" -> {
                if (value.isTextual()) {
                    values.problem(loc, "must be a list of strings (a single string is not split into words:"
                            + " write [\"sh\", \"-c\", \"" + shorten(value.textValue()) + "\"])");
                    return;
                }
                List<String> command = values.stringList(value, loc);
                if (command != null && command.isEmpty()) {
                    values.problem(loc, "must not be empty");
                } else if (command != null && command.get(0).isBlank()) {
                    values.problem(Keys.index(loc, 0), "the program must not be empty");
                } else if (command != null) {
                    t.spec.put(key, command);
                }
            }
            case "workdir" -> put(t, key, values.text(value, loc, MAX_PATH));
            case "env" -> put(t, key, env(value, loc));
            case "reports" -> {
                List<String> reports = values.stringList(value, loc);
                if (reports != null) {
                    for (int i = 0; i < reports.size(); i++) {
                        if (reports.get(i).isBlank()) {
                            values.problem(Keys.index(loc, i), "must not be empty");
                        }
                    }
                    put(t, key, reports);
                }
            }
            default -> throw new IllegalArgumentException(key);
        }
    }

    private void junitKey(TaskDraft t, String key, JsonNode value, String loc) {
        switch (key) {
            case "classpath" -> put(t, key, nonEmptyList(value, loc));
            case "maven" -> {
                List<String> coordinates = nonEmptyList(value, loc);
                boolean ok = coordinates != null;
                for (int i = 0; coordinates != null && i < coordinates.size(); i++) {
                    if (!MAVEN_COORDINATE.matcher(coordinates.get(i).strip()).matches()) {
                        values.problem(Keys.index(loc, i), Keys.quote(coordinates.get(i))
                                + " is not groupId:artifactId[:extension[:classifier]]:version");
                        ok = false;
                    }
                }
                if (ok) {
                    put(t, key, coordinates.stream().map(String::strip).toList());
                }
            }
            case "select" -> {
                if (!value.isObject()) {
                    values.problem(loc, "must be a mapping with " + String.join(", ", SELECT_KEYS));
                    return;
                }
                Map<String, Object> select = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String at = Keys.child(loc, field.getKey());
                    if (!SELECT_KEYS.contains(field.getKey())) {
                        values.problem(at, Keys.unknown(field.getKey(), SELECT_KEYS));
                    } else if (!absent(field.getValue())) {
                        List<String> list = values.stringList(field.getValue(), at);
                        if (list != null && noneBlank(list, at) && !list.isEmpty()) {
                            select.put(field.getKey(), list.stream().map(String::strip).toList());
                        }
                    }
                }
                if (!select.isEmpty()) {
                    t.spec.put(key, Collections.unmodifiableMap(select));
                }
            }
            case "split" -> split(t, value, loc);
            case "jvmArgs" -> put(t, key, jvmArgs(value, loc));
            case "workdir" -> put(t, key, values.text(value, loc, MAX_PATH));
            case "env" -> put(t, key, env(value, loc));
            default -> throw new IllegalArgumentException(key);
        }
    }

    /** Options of the test JVM: a string, or a list of them, each split into words as Surefire's argLine is. */
    private List<String> jvmArgs(JsonNode value, String loc) {
        List<String> parts = value.isTextual() ? List.of(value.textValue()) : values.stringList(value, loc);
        if (parts == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String at = value.isTextual() ? loc : Keys.index(loc, i);
            try {
                words.addAll(JvmArgs.words(parts.get(i)));
            } catch (IllegalArgumentException e) {
                values.problem(at, e.getMessage());
                return null;
            }
        }
        String problem = JvmArgs.problem(words);
        if (problem != null) {
            values.problem(loc, problem);
            return null;
        }
        return List.copyOf(words);
    }

    private void split(TaskDraft t, JsonNode value, String loc) {
        if (!value.isObject()) {
            values.problem(loc, "must be a mapping: {by: class, shards: N}");
            return;
        }
        boolean ok = true;
        Integer shards = null;
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String at = Keys.child(loc, field.getKey());
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "by" -> {
                    if (!v.isTextual() || !v.textValue().equals("class")) {
                        values.problem(at, "must be 'class' (the only way a junit task is split)");
                        ok = false;
                    }
                }
                case "shards" -> {
                    shards = values.integer(v, at, 1, MAX_SHARDS);
                    ok &= shards != null;
                }
                default -> {
                    values.problem(at, Keys.unknown(field.getKey(), SPLIT_KEYS));
                    ok = false;
                }
            }
        }
        if (absent(value.get("by"))) {
            values.problem(Keys.child(loc, "by"), "required (by: class)");
            ok = false;
        }
        if (absent(value.get("shards"))) {
            values.problem(Keys.child(loc, "shards"), "required (1 to " + MAX_SHARDS + ")");
            ok = false;
        }
        if (ok) {
            t.shards = shards;
        }
    }

    private Map<String, String> env(JsonNode value, String loc) {
        return values.stringMap(value, loc,
                name -> name.contains("=") || name.indexOf('\0') >= 0 ? "a variable name cannot contain '='" : null);
    }

    /** A list of strings with at least one, none blank. */
    private List<String> nonEmptyList(JsonNode value, String loc) {
        List<String> list = values.stringList(value, loc);
        if (list != null && list.isEmpty()) {
            values.problem(loc, "must not be empty");
            return null;
        }
        return list != null && noneBlank(list, loc) ? list : null;
    }

    private boolean noneBlank(List<String> list, String loc) {
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isBlank()) {
                values.problem(Keys.index(loc, i), "must not be empty");
                ok = false;
            }
        }
        return ok;
    }

    private static String shorten(String s) {
        String oneLine = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }

    private static void put(TaskDraft t, String key, Object value) {
        if (value != null) {
            t.spec.put(key, value);
        }
    }

    private static Object plain(JsonNode node) {
        try {
            return PLAIN.treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always converts to plain values", e);
        }
    }

    /** One task as read, before the defaults apply. */
    private static final class TaskDraft {
        String name;
        String type;
        String loc;
        /** The shards of a junit task split by class, or {@code null}. */
        Integer shards;
        final Map<String, Object> spec = new LinkedHashMap<>();
        final Settings settings = new Settings();

        PlannedTask build(Settings planSettings, PlanDefaults defaults, String taskName, Map<String, Object> taskSpec) {
            Settings s = settings.over(planSettings);
            return new PlannedTask(taskName, type, Collections.unmodifiableMap(taskSpec), s.requirements(),
                    s.priority == null ? 0 : s.priority, s.deadline,
                    s.timeout == null ? defaults.timeout() : s.timeout,
                    s.maxAttempts == null ? defaults.maxAttempts() : s.maxAttempts);
        }
    }
}
