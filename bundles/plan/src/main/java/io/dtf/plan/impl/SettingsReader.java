package io.dtf.plan.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.plan.PlanParser;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads the settings every task has, in a task or in the plan's {@code defaults}. */
final class SettingsReader {
    static final List<String> SETTING_KEYS = List.of("timeout", "maxAttempts", "priority", "deadline", "requirements");
    static final List<String> REQUIREMENT_KEYS =
            List.of("os", "arch", "cpus", "memoryMb", "labels", "browser", "webgpu", "webnn");
    private static final int MAX_TEXT = 200;

    private final Values values;

    SettingsReader(Values values) {
        this.values = values;
    }

    /** The plan's {@code defaults}; keys of task types are refused there. */
    Settings defaults(JsonNode node, String loc, TaskTypes types) {
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
            } else if (TaskReader.isTaskKey(key, types)) {
                values.problem(at, "cannot be set in defaults (only " + String.join(", ", SETTING_KEYS) + ")");
            } else {
                values.problem(at, Keys.unknown(key, SETTING_KEYS));
            }
        }
        return s;
    }

    /** Reads one of {@link #SETTING_KEYS} into {@code s}. */
    void setting(String key, JsonNode value, String loc, Settings s) {
        if (Values.absent(value)) {
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
            if (Values.absent(value) && REQUIREMENT_KEYS.contains(key)) {
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
}
