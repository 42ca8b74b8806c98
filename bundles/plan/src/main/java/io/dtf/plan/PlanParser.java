package io.dtf.plan;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.plan.impl.PlanValidator;
import io.dtf.plan.impl.Problems;
import io.dtf.plan.impl.TaskTypes;
import io.dtf.plan.impl.TreeReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a plan, YAML or JSON, and validates it completely: when it is not valid, the
 * {@link DtfException} ({@link ErrorCode#INVALID_PLAN}) lists every problem in document order, each with
 * its location ({@code tasks[3].timeout: must be positive}). The keys of a task type other than {@code command}
 * are checked by its {@link TaskTypeDefinition}. Thread-safe; one instance serves every call.
 */
public final class PlanParser {

    /** The largest plan text accepted, in UTF-8 bytes (5 MiB). */
    public static final int MAX_PLAN_BYTES = 5 * 1024 * 1024;
    /** The most tasks one plan may have. */
    public static final int MAX_TASKS = 10_000;
    /** The longest plan name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest time limit of one attempt. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    /** The most attempts of one task. */
    public static final int MAX_ATTEMPTS = 100;
    /**
     * The longest line of a YAML plan, in characters. The YAML parser slows down more than linearly on
     * long lines (a 4 MiB line takes seconds); JSON plans have no such limit.
     */
    public static final int MAX_YAML_LINE = 64 * 1024;
    /** The most problems reported for one plan; a last problem says how many more there were. */
    public static final int MAX_PROBLEMS = 1000;

    private final PlanDefaults defaults;
    private final Map<String, TaskTypeDefinition> definitions;
    private final TreeReader reader = new TreeReader(MAX_PLAN_BYTES);

    /** A parser that knows the keys of {@code command} tasks only. */
    public PlanParser(PlanDefaults defaults) {
        this(defaults, Map.of());
    }

    /**
     * A parser that knows the keys of {@code command} and of these task types.
     *
     * @param definitions by task type; read once, here (a definition for {@code command} is left out: that type
     *     is built in)
     */
    public PlanParser(PlanDefaults defaults, Map<String, ? extends TaskTypeDefinition> definitions) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.definitions = Map.copyOf(definitions);
    }

    public PlanDefaults defaults() {
        return defaults;
    }

    /**
     * Reads and validates a plan.
     *
     * @param text the plan
     * @param source where it comes from, for messages (a file name); one ending in {@code .json} is read as
     *     JSON, anything else (also {@code null}) as YAML
     * @throws DtfException with {@link ErrorCode#INVALID_PLAN} and every problem found
     */
    public Plan parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Problems problems = new Problems(MAX_PROBLEMS);
        Plan plan = null;
        long bytes = utf8Length(text);
        if (bytes > MAX_PLAN_BYTES) {
            problems.add("", String.format(Locale.ROOT, "the plan is too large (%.1f MiB; at most %d MiB)",
                    bytes / (1024.0 * 1024.0), MAX_PLAN_BYTES / (1024 * 1024)));
        } else if (!isJson(source) && firstLongLine(text) > 0) {
            problems.add("", "line " + firstLongLine(text) + " is longer than " + MAX_YAML_LINE
                    + " characters, the limit for a line of a YAML plan (JSON plans have none)");
        } else {
            var tree = reader.read(text, isJson(source), problems);
            if (tree != null) {
                plan = new PlanValidator(defaults, new TaskTypes(defaults.taskTypes(), definitions), problems)
                        .validate(tree);
            }
        }
        List<Problem> found = problems.list();
        if (!found.isEmpty() || plan == null) {
            String what = source == null || source.isBlank() ? "plan" : "plan " + source;
            throw new DtfException(ErrorCode.INVALID_PLAN, what + " is not valid", found);
        }
        return plan;
    }

    /** Whether a plan from this source is read as JSON: its name ends in {@code .json}. */
    public static boolean isJson(String source) {
        return source != null && source.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** The number (from 1) of the first line longer than {@link #MAX_YAML_LINE}, or 0 when there is none. */
    private static int firstLongLine(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_YAML_LINE) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 0;
    }

    private static long utf8Length(String text) {
        if ((long) text.length() * 3 <= MAX_PLAN_BYTES) {
            return text.length(); // cannot be over the limit, whatever it holds
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
