package io.dtf.plan.impl;

import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlannedTask;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One task as read, before the defaults apply. */
final class TaskDraft {
    String name;
    String type;
    final String loc;
    final Map<String, Object> spec = new LinkedHashMap<>();
    final Settings settings = new Settings();

    TaskDraft(String loc) {
        this.loc = loc;
    }

    /** The task with its own settings over the plan's, and those over the parser's defaults. */
    PlannedTask build(Settings planSettings, PlanDefaults defaults) {
        Settings s = settings.over(planSettings);
        return new PlannedTask(name, type, Collections.unmodifiableMap(spec), s.requirements(),
                s.priority == null ? 0 : s.priority, s.deadline,
                s.timeout == null ? defaults.timeout() : s.timeout,
                s.maxAttempts == null ? defaults.maxAttempts() : s.maxAttempts);
    }
}
