package io.dtf.plan.impl;

import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskExpansion;
import io.dtf.plan.TaskTypeDefinition;
import io.dtf.plan.TestClassEstimates;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns each task of a valid plan into the tasks its type makes of it ({@link TaskTypeDefinition#expand}), and
 * keeps the names of all of them unique.
 */
final class Expander {
    private final TaskTypes types;
    private final Values values;
    private final TestClassEstimates estimates;
    private final Set<String> taken;

    /** @param taken the names of the plan's tasks; the names of the tasks made are added */
    Expander(TaskTypes types, Values values, TestClassEstimates estimates, Set<String> taken) {
        this.types = types;
        this.values = values;
        this.estimates = estimates;
        this.taken = taken;
    }

    /** The tasks {@code task} becomes; none after a problem. */
    List<PlannedTask> expand(TaskDraft draft, PlannedTask task) {
        TaskTypeDefinition definition = types.definition(task.type());
        if (definition == null) {
            return List.of(task);
        }
        Set<String> claimed = new HashSet<>();
        TaskExpansion expansion = new TaskExpansion() {
            @Override
            public void problem(String key, String message) {
                values.problem(Keys.child(draft.loc, key), message);
            }

            @Override
            public boolean claim(String name) {
                return taken.add(name) && claimed.add(name);
            }

            @Override
            public TestClassEstimates testClassEstimates() {
                return estimates;
            }
        };
        int before = values.problemCount();
        List<PlannedTask> made = types.call(task.type(), draft.loc, values, () -> definition.expand(task, expansion));
        if (values.problemCount() > before || made == null) {
            return List.of();
        }
        if (made.size() == 1 && made.get(0) == task) {
            return made; // the task itself, as most types leave it
        }
        String defect = defect(task, made, claimed);
        if (defect != null) {
            values.problem(draft.loc, "the plugin of task type " + Keys.quote(task.type()) + " failed to check this: "
                    + defect);
            return List.of();
        }
        return made;
    }

    /** What is wrong with the tasks a definition made, or {@code null}; unclaimed free names are claimed here. */
    private String defect(PlannedTask task, List<PlannedTask> made, Set<String> claimed) {
        if (made.isEmpty()) {
            return "it made no task of it";
        }
        Set<String> names = new HashSet<>();
        for (PlannedTask t : made) {
            if (t == null) {
                return "it made a null task";
            }
            if (!t.type().equals(task.type())) {
                return "it made a task of type " + Keys.quote(t.type()) + " of it";
            }
            boolean free = t.name().equals(task.name()) || claimed.contains(t.name()) || taken.add(t.name());
            if (!names.add(t.name()) || !free) {
                return "it made a task named " + Keys.quote(t.name()) + ", a name another task has";
            }
        }
        return null;
    }
}
