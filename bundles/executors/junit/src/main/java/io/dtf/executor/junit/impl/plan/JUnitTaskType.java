package io.dtf.executor.junit.impl.plan;

import io.dtf.plan.PlanValue;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskExpansion;
import io.dtf.plan.TaskTypeDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * The plan keys of {@code junit} tasks (docs/plan-format.md): checked and normalized here into the spec that
 * {@code JUnitTaskExecutor} reads, and {@code split} made into shards by {@link ClassSplit}. Used where plans are
 * read (the coordinator); the standalone worker, which holds the executor but reads no plan, never loads it.
 */
@Component(service = TaskTypeDefinition.class, property = TaskTypeDefinition.PROPERTY + "=junit")
public final class JUnitTaskType implements TaskTypeDefinition {
    static final List<String> KEYS = List.of("classpath", "maven", "select", "split", "jvmArgs", "workdir", "env");
    static final List<String> SELECT_KEYS = List.of("packages", "classes", "methods", "tags");
    static final List<String> SPLIT_KEYS = List.of("by", "shards");
    /** The most shards one junit task may be split into. */
    static final int MAX_SHARDS = 1000;
    /** {@code groupId:artifactId[:extension[:classifier]]:version}, as Maven Resolver reads it. */
    private static final Pattern MAVEN_COORDINATE = Pattern.compile("[^:\\s]+:[^:\\s]+(:[^:\\s]*){0,2}:[^:\\s]+");

    @Override
    public List<String> keys() {
        return KEYS;
    }

    @Override
    public void checkTask(PlanValue task) {
        if (!task.has("classpath") && !task.has("maven")) {
            task.problemAt("classpath", "required, or 'maven' (a junit task needs one of them)");
        }
    }

    @Override
    public Object read(String key, PlanValue value) {
        return switch (key) {
            case "classpath" -> nonEmptyList(value);
            case "maven" -> maven(value);
            case "select" -> select(value);
            case "split" -> split(value);
            case "jvmArgs" -> jvmArgs(value);
            case "workdir" -> value.path();
            case "env" -> value.environment();
            default -> throw new IllegalArgumentException(key);
        };
    }

    @Override
    public List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
        return task.spec().containsKey("split") ? new ClassSplit(task, expansion).shards() : List.of(task);
    }

    private static List<String> maven(PlanValue value) {
        List<String> coordinates = nonEmptyList(value);
        boolean ok = coordinates != null;
        for (int i = 0; coordinates != null && i < coordinates.size(); i++) {
            if (!MAVEN_COORDINATE.matcher(coordinates.get(i).strip()).matches()) {
                value.problemAt(i, PlanValue.quote(coordinates.get(i))
                        + " is not groupId:artifactId[:extension[:classifier]]:version");
                ok = false;
            }
        }
        return ok ? coordinates.stream().map(String::strip).toList() : null;
    }

    private static Map<String, Object> select(PlanValue value) {
        Map<String, PlanValue> keys = value.mapping(SELECT_KEYS);
        if (keys == null) {
            return null;
        }
        Map<String, Object> select = new LinkedHashMap<>();
        keys.forEach((key, v) -> {
            List<String> list = v.strings();
            if (list != null && noneBlank(list, v) && !list.isEmpty()) {
                select.put(key, list.stream().map(String::strip).toList());
            }
        });
        return select.isEmpty() ? null : Collections.unmodifiableMap(select);
    }

    /** {@code {by: class, shards: N}}, as {@link ClassSplit} reads it. */
    private static Map<String, Object> split(PlanValue value) {
        Map<String, PlanValue> keys = value.mapping(SPLIT_KEYS);
        if (keys == null) {
            return null;
        }
        boolean ok = true;
        PlanValue by = keys.get("by");
        if (by == null) {
            value.problemAt("by", "required (by: class)");
            ok = false;
        } else if (!by.isString() || !"class".equals(by.plain())) {
            by.problem("must be 'class' (the only way a junit task is split)");
            ok = false;
        }
        PlanValue shardsValue = keys.get("shards");
        Integer shards = shardsValue == null ? null : shardsValue.integer(1, MAX_SHARDS);
        if (shardsValue == null) {
            value.problemAt("shards", "required (1 to " + MAX_SHARDS + ")");
        }
        return ok && shards != null ? Map.of("by", "class", "shards", shards) : null;
    }

    /** Options of the test JVM: a string, or a list of them, each split into words as Surefire's argLine is. */
    private static List<String> jvmArgs(PlanValue value) {
        List<String> parts = value.isString() ? List.of((String) value.plain()) : value.strings();
        if (parts == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            try {
                words.addAll(JvmArgs.words(parts.get(i)));
            } catch (IllegalArgumentException e) {
                if (value.isString()) {
                    value.problem(e.getMessage());
                } else {
                    value.problemAt(i, e.getMessage());
                }
                return null;
            }
        }
        String problem = JvmArgs.problem(words);
        if (problem != null) {
            value.problem(problem);
            return null;
        }
        return List.copyOf(words);
    }

    /** A list of strings with at least one, none blank. */
    private static List<String> nonEmptyList(PlanValue value) {
        List<String> list = value.strings();
        if (list != null && list.isEmpty()) {
            value.problem("must not be empty");
            return null;
        }
        return list != null && noneBlank(list, value) ? list : null;
    }

    private static boolean noneBlank(List<String> list, PlanValue value) {
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isBlank()) {
                value.problemAt(i, "must not be empty");
                ok = false;
            }
        }
        return ok;
    }
}
