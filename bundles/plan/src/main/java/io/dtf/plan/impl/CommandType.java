package io.dtf.plan.impl;

import io.dtf.plan.PlanValue;
import io.dtf.plan.TaskTypeDefinition;
import java.util.List;

/** The keys of {@code command} tasks, the one task type built into the plan reader. */
public final class CommandType implements TaskTypeDefinition {
    public static final String TYPE = "command";
    private static final List<String> KEYS = List.of("command", "workdir", "env", "reports");

    @Override
    public List<String> keys() {
        return KEYS;
    }

    @Override
    public void checkTask(PlanValue task) {
        if (!task.has("command")) {
            task.problemAt("command", "required");
        }
    }

    @Override
    public Object read(String key, PlanValue value) {
        return switch (key) {
            case "command" -> command(value);
            case "workdir" -> value.path();
            case "env" -> value.environment();
            case "reports" -> reports(value);
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static List<String> command(PlanValue value) {
        if (value.isString()) {
            value.problem("must be a list of strings (a single string is not split into words: write [\"sh\", \"-c\", \""
                    + shorten((String) value.plain()) + "\"])");
            return null;
        }
        List<String> command = value.strings();
        if (command != null && command.isEmpty()) {
            value.problem("must not be empty");
            return null;
        }
        if (command != null && command.get(0).isBlank()) {
            value.problemAt(0, "the program must not be empty");
            return null;
        }
        return command;
    }

    private static List<String> reports(PlanValue value) {
        List<String> reports = value.strings();
        if (reports != null) {
            for (int i = 0; i < reports.size(); i++) {
                if (reports.get(i).isBlank()) {
                    value.problemAt(i, "must not be empty");
                }
            }
        }
        return reports;
    }

    private static String shorten(String s) {
        String oneLine = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }
}
