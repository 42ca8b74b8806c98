package io.dtf.plan.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a plan tree by hand, key by key in document order, so that every problem is reported with its
 * location; builds the {@link Plan} when there is none. The plan's own keys are read here, the settings by
 * {@link SettingsReader}, each task by {@link TaskReader}, and the tasks a task becomes by {@link Expander}. One
 * instance reads one plan.
 */
public final class PlanValidator {
    static final List<String> PLAN_KEYS = List.of("name", "labels", "tenant", "scheduler", "defaults", "tasks");

    private static final Pattern SCHEDULER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final PlanDefaults defaults;
    private final TaskTypes types;
    private final Values values;
    private final SettingsReader settings;
    private final TaskReader tasks;

    public PlanValidator(PlanDefaults defaults, TaskTypes types, Problems problems) {
        this.defaults = defaults;
        this.types = types;
        this.values = new Values(problems);
        this.settings = new SettingsReader(values);
        this.tasks = new TaskReader(values, settings, types);
    }

    /** The plan, or {@code null} when a problem was found. */
    public Plan validate(JsonNode root) {
        int before = values.problemCount();
        if (!root.isObject()) {
            values.problem("", "a plan must be a mapping (a JSON object) with at least 'name' and 'tasks'");
            return null;
        }
        if (Values.absent(root.get("name"))) {
            values.problem("name", "required");
        }
        if (Values.absent(root.get("tasks"))) {
            values.problem("tasks", "at least one task is required");
        }
        String name = null;
        Map<String, String> labels = Map.of();
        String tenant = null;
        String scheduler = null;
        Settings planSettings = new Settings();
        List<TaskDraft> drafts = List.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String loc = Keys.child("", key);
            if (Values.absent(value) && PLAN_KEYS.contains(key)) {
                continue;
            }
            switch (key) {
                case "name" -> name = name(value, loc);
                case "labels" -> labels = values.stringMap(value, loc);
                case "tenant" -> tenant = name(value, loc);
                case "scheduler" -> scheduler = schedulerName(value, loc);
                case "defaults" -> planSettings = settings.defaults(value, loc, types);
                case "tasks" -> drafts = tasks(value, loc);
                default -> values.problem(loc, SettingsReader.SETTING_KEYS.contains(key) || TaskReader.isTaskKey(key, types)
                        ? "not a key of the plan (put it in 'defaults' or in a task)"
                        : Keys.unknown(key, PLAN_KEYS));
            }
        }
        if (values.problemCount() > before || drafts == null || planSettings == null) {
            return null;
        }
        Set<String> taken = new HashSet<>();
        drafts.forEach(draft -> taken.add(draft.name));
        Expander expander = new Expander(types, values, defaults.testClassEstimates(), taken);
        List<PlannedTask> planned = new ArrayList<>(drafts.size());
        for (TaskDraft draft : drafts) {
            planned.addAll(expander.expand(draft, draft.build(planSettings, defaults)));
        }
        if (planned.size() > PlanParser.MAX_TASKS) {
            values.problem("tasks", "too many tasks once split: " + planned.size() + " (at most "
                    + PlanParser.MAX_TASKS + " in one plan)");
        }
        if (values.problemCount() > before) {
            return null;
        }
        return new Plan(name, labels, tenant, scheduler, planned);
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
            drafts.add(tasks.task(node.get(i), Keys.index(loc, i), names, i));
        }
        return drafts;
    }
}
