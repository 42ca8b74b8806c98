package io.dtf.notify.impl.config;

import io.dtf.notify.api.Matcher;
import java.util.List;
import java.util.Map;

/**
 * Mutes the events that match {@code target} while an event that matches {@code source} and has the same values of
 * the {@code equal} labels was seen: a failed run mutes its task failures, which the run's message already lists.
 *
 * @param id where it is in the file ({@code inhibit_rules[0]}), named in the delivery log
 */
public record InhibitRule(String id, List<Matcher> source, List<Matcher> target, List<String> equal) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** The default: a failed run inhibits the task failures of the same run. */
    public static final InhibitRule FAILED_RUN_MUTES_ITS_TASKS = new InhibitRule("default inhibit rule",
            List.of(new Matcher("type", "RUN_COMPLETED", false), new Matcher("state", "FAILED", false)),
            List.of(new Matcher("type", "TASK_FAILED", false)), List.of("run"));

    public boolean isSource(Map<String, String> labels) {
        return source.stream().allMatch(m -> m.matches(labels));
    }

    /** Whether {@code sourceLabels} (of a source event) mute an event with {@code labels}. */
    public boolean mutes(Map<String, String> sourceLabels, Map<String, String> labels) {
        if (!target.stream().allMatch(m -> m.matches(labels))) {
            return false;
        }
        for (String name : equal) {
            if (!sourceLabels.getOrDefault(name, "").equals(labels.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
