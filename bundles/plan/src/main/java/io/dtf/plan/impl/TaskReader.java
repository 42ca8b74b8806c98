package io.dtf.plan.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.plan.TaskTypeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one task: its name, type and settings, and its type's own keys, which the type's
 * {@link TaskTypeDefinition} checks. Problems come in document order, key by key.
 */
final class TaskReader {
    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Values values;
    private final SettingsReader settings;
    private final TaskTypes types;

    TaskReader(Values values, SettingsReader settings, TaskTypes types) {
        this.values = values;
        this.settings = settings;
        this.types = types;
    }

    /** Whether a key belongs in a task rather than in the plan or its defaults. */
    static boolean isTaskKey(String key, TaskTypes types) {
        return key.equals("name") || key.equals("type") || types.isTypeKey(key);
    }

    /**
     * @param names the names read so far, with the index of their task
     * @return the task, or {@code null} when it is not even a mapping
     */
    TaskDraft task(JsonNode node, String loc, Map<String, Integer> names, int index) {
        if (!node.isObject()) {
            values.problem(loc, "a task must be a mapping with at least 'name' and 'type'");
            return null;
        }
        TaskDraft t = new TaskDraft(loc);
        JsonNode typeNode = node.get("type");
        t.type = Values.absent(typeNode) ? CommandType.TYPE : typeNode.isTextual() ? typeNode.textValue() : null;
        TaskTypes.Kind kind = types.kind(t.type);
        if (Values.absent(node.get("name"))) {
            values.problem(Keys.child(loc, "name"), "required");
        }
        if (kind == TaskTypes.Kind.DEFINED) {
            TaskTypeDefinition definition = types.definition(t.type);
            types.call(t.type, loc, values, () -> {
                definition.checkTask(new JsonPlanValue(node, loc, values));
                return null;
            });
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = Keys.child(loc, key);
            if (key.equals("name")) {
                if (!Values.absent(value)) {
                    t.name = taskName(value, at, names, index);
                }
            } else if (key.equals("type")) {
                if (!Values.absent(value)) {
                    type(value, at, kind);
                }
            } else if (SettingsReader.SETTING_KEYS.contains(key)) {
                settings.setting(key, value, at, t.settings);
            } else {
                typeKey(t, kind, key, value, at);
            }
        }
        return t;
    }

    private void type(JsonNode value, String loc, TaskTypes.Kind kind) {
        String installed = "(installed: " + types.installed() + ")";
        if (!value.isTextual()) {
            values.problem(loc, "must be a string " + installed);
        } else if (kind == TaskTypes.Kind.UNKNOWN) {
            values.problem(loc, "task type " + Keys.quote(value.textValue()) + " is not installed " + installed);
        } else if (kind == TaskTypes.Kind.BROKEN) {
            values.problem(loc, "the plugin of task type " + Keys.quote(value.textValue())
                    + " failed to say its keys: " + types.brokenReason(value.textValue()));
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
    private void typeKey(TaskDraft t, TaskTypes.Kind kind, String key, JsonNode value, String loc) {
        List<String> own = types.keys(t.type);
        switch (kind) {
            case RUNNABLE -> {
                if (!Values.absent(value)) {
                    t.spec.put(key, Values.plain(value));
                }
            }
            case BROKEN, UNKNOWN -> {
                // the type is refused already, and its keys are not known here: say nothing more about them
            }
            case DEFINED -> {
                if (own.contains(key)) {
                    read(t, key, value, loc);
                } else if (types.isTypeKey(key)) {
                    values.problem(loc, "not a key of " + t.type + " tasks (it belongs to " + types.owners(key) + " tasks)");
                } else {
                    values.problem(loc, Keys.unknown(key, known(own)));
                }
            }
        }
    }

    private void read(TaskDraft t, String key, JsonNode value, String loc) {
        if (Values.absent(value)) {
            return;
        }
        TaskTypeDefinition definition = types.definition(t.type);
        Object read = types.call(t.type, loc, values, () -> definition.read(key, new JsonPlanValue(value, loc, values)));
        if (read != null) {
            t.spec.put(key, read);
        }
    }

    private static List<String> known(List<String> typeKeys) {
        List<String> known = new ArrayList<>(List.of("name", "type"));
        known.addAll(SettingsReader.SETTING_KEYS);
        known.addAll(typeKeys);
        return known;
    }
}
