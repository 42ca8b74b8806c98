package io.dtf.executor.junit.impl.plan;

import io.dtf.plan.PlanValue;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskExpansion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A junit task with {@code split: {by: class, shards: N}} as up to N tasks {@code <name>-1} … each with its share
 * of the test classes in {@code select.classes}, balanced by the expansion's test class estimates.
 */
final class ClassSplit {
    private static final String SPLIT = "split";

    private final PlannedTask task;
    private final TaskExpansion expansion;

    ClassSplit(PlannedTask task, TaskExpansion expansion) {
        this.task = task;
        this.expansion = expansion;
    }

    /** The shards; none after a problem. */
    @SuppressWarnings("unchecked")
    List<PlannedTask> shards() {
        Map<String, Object> spec = task.spec();
        int shards = (Integer) ((Map<String, Object>) spec.get(SPLIT)).get("shards");
        Map<String, Object> select = (Map<String, Object>) spec.getOrDefault("select", Map.of());
        if (select.containsKey("methods")) {
            expansion.problem(SPLIT, "cannot be combined with select.methods (split by class selects whole classes)");
            return List.of();
        }
        List<String> packages = (List<String>) select.getOrDefault("packages", List.of());
        Set<String> classes = classes(packages, (List<String>) select.getOrDefault("classes", List.of()));
        if (classes == null) {
            return List.of();
        }
        if (classes.isEmpty()) {
            expansion.problem(SPLIT, "no test classes (named Test*, *Test, *Tests or *TestCase) found to split"
                    + (packages.isEmpty() ? "" : " in " + String.join(", ", packages)));
            return List.of();
        }
        List<List<String>> shares = TestClasses.balance(List.copyOf(classes), shards, expansion.testClassEstimates());
        List<PlannedTask> made = new ArrayList<>(shares.size());
        for (int i = 0; i < shares.size(); i++) {
            String shardName = task.name() + "-" + (i + 1);
            if (!expansion.claim(shardName)) {
                expansion.problem(SPLIT, "the shard name " + PlanValue.quote(shardName) + " is taken by another task");
                continue;
            }
            Map<String, Object> shardSelect = new LinkedHashMap<>();
            shardSelect.put("classes", shares.get(i));
            if (select.containsKey("tags")) {
                shardSelect.put("tags", select.get("tags"));
            }
            Map<String, Object> shardSpec = new LinkedHashMap<>(spec);
            shardSpec.remove(SPLIT);
            shardSpec.put("select", Collections.unmodifiableMap(shardSelect));
            made.add(task.withNameAndSpec(shardName, Collections.unmodifiableMap(shardSpec)));
        }
        return made;
    }

    /** The classes listed, and those scanned in the packages (or all, when none is listed); null after a problem. */
    @SuppressWarnings("unchecked")
    private Set<String> classes(List<String> packages, List<String> listed) {
        Set<String> classes = new TreeSet<>(listed);
        if (packages.isEmpty() && !listed.isEmpty()) {
            return classes;
        }
        List<String> classpath = (List<String>) task.spec().get("classpath");
        if (classpath == null) {
            expansion.problem(SPLIT, "split by class needs the test classes when the plan is read: list them in"
                    + " select.classes, or give a 'classpath' this machine can read (Maven coordinates are"
                    + " only resolved on the worker)");
            return null;
        }
        try {
            for (String c : TestClasses.scan(classpath, (String) task.spec().get("workdir"))) {
                if (packages.isEmpty() || packages.stream().anyMatch(p -> c.startsWith(p + "."))) {
                    classes.add(c);
                }
            }
        } catch (TestClasses.NotScannable e) {
            expansion.problem(SPLIT, "cannot find the test classes to split by class when the plan is read: "
                    + e.getMessage());
            return null;
        }
        return classes;
    }
}
