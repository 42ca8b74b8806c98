package io.dtf.plan.impl;

import io.dtf.plan.TaskTypeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task types one plan may use, as they are when it is read: {@code command}, those with a
 * {@link TaskTypeDefinition} (their keys checked by it), and those that are only runnable (their keys passed on as
 * written). Every call into a definition goes through {@link #call}, so that a plugin that throws makes a problem of
 * the plan naming its type, never a failure of the parser.
 */
public final class TaskTypes {
    private static final Logger LOG = LoggerFactory.getLogger(TaskTypes.class);

    /** How far a plan's reader knows a task type. */
    public enum Kind {
        /** Its definition checks its keys. */
        DEFINED,
        /** Runnable here without a definition: its keys are passed to its executor as written. */
        RUNNABLE,
        /** Its definition failed to say its keys: its tasks are refused. */
        BROKEN,
        /** Not installed, or not even a string. */
        UNKNOWN
    }

    private final Map<String, TaskTypeDefinition> definitions = new TreeMap<>();
    private final Map<String, List<String>> keys = new LinkedHashMap<>();
    private final Map<String, String> broken = new TreeMap<>();
    private final Set<String> installed = new TreeSet<>();

    /**
     * @param runnable types runnable here, with or without a definition
     * @param plugins definitions by type; one for {@code command} is left out (that type is built in)
     */
    public TaskTypes(Set<String> runnable, Map<String, TaskTypeDefinition> plugins) {
        definitions.put(CommandType.TYPE, new CommandType());
        plugins.forEach(definitions::putIfAbsent);
        definitions.forEach((type, definition) -> {
            try {
                keys.put(type, List.copyOf(definition.keys()));
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("The definition of task type {} failed to say its keys", type, e);
                broken.put(type, reason(e));
            }
        });
        installed.addAll(runnable);
        installed.addAll(definitions.keySet());
    }

    public Kind kind(String type) {
        if (type == null || !installed.contains(type)) {
            return Kind.UNKNOWN;
        }
        if (broken.containsKey(type)) {
            return Kind.BROKEN;
        }
        return definitions.containsKey(type) ? Kind.DEFINED : Kind.RUNNABLE;
    }

    /** The installed types, sorted: for messages. */
    public String installed() {
        return String.join(", ", installed);
    }

    public TaskTypeDefinition definition(String type) {
        return definitions.get(type);
    }

    /** Why the definition of a {@link Kind#BROKEN} type is. */
    public String brokenReason(String type) {
        return broken.get(type);
    }

    /** The own keys of a {@link Kind#DEFINED} type. */
    public List<String> keys(String type) {
        return keys.getOrDefault(type, List.of());
    }

    /** Whether some installed type has this key. */
    public boolean isTypeKey(String key) {
        return keys.values().stream().anyMatch(own -> own.contains(key));
    }

    /** The types that have this key: {@code browser and command}. */
    public String owners(String key) {
        List<String> owners = new ArrayList<>();
        keys.forEach((type, own) -> {
            if (own.contains(key)) {
                owners.add(type);
            }
        });
        return String.join(" and ", owners);
    }

    /**
     * Calls a definition of a type. When it throws, a problem at {@code location} names the type and what failed,
     * the stack trace goes to the log, and the answer is {@code null}.
     */
    public <T> T call(String type, String location, Values values, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("The definition of task type {} failed at {}", type, location.isEmpty() ? "the plan" : location, e);
            values.problem(location, "the plugin of task type " + Keys.quote(type) + " failed to check this: "
                    + reason(e));
            return null;
        }
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
