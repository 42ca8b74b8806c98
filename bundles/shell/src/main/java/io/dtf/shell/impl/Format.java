package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.Durations;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Labels;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Every piece of text the {@code dtf:*} commands show, kept pure so that it can be tested. */
public final class Format {
    /** Shown for a missing value. */
    public static final String NONE = "-";

    private static final int PROGRESS_BAR = 20;
    private static final int MIN_PROGRESS_BAR = 5;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String VALID_STATES = Arrays.stream(TaskState.values())
            .map(Enum::name).collect(Collectors.joining(", "));

    private Format() {
    }

    /** {@link Durations#format}, the form the CLI and REST messages use too; {@code -} for null. */
    public static String duration(Duration d) {
        return d == null ? NONE : Durations.format(d);
    }

    /** The duration from one instant to another ({@code -} when it has not started). */
    public static String between(Instant from, Instant to) {
        return from == null || to == null ? NONE : duration(Duration.between(from, to));
    }

    /** {@code 2026-11-27 10:02:03} in the given zone. */
    public static String timestamp(Instant t, ZoneId zone) {
        return t == null ? NONE : TIMESTAMP.format(t.atZone(zone));
    }

    /** {@code 4s ago}, {@code 12m ago}, {@code 3h ago}, {@code 2d ago}; {@code never} for null. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(t, now).getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86_400) {
            return s / 3600 + "h ago";
        }
        return s / 86_400 + "d ago";
    }

    /** {@code [=======>            ]}: {@code width} cells between the brackets. */
    public static String progressBar(int done, int total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, (long) done * width / total);
        StringBuilder bar = new StringBuilder(width + 2).append('[');
        if (filled == width) {
            bar.append("=".repeat(width));
        } else if (filled > 0) {
            bar.append("=".repeat(filled - 1)).append('>').append(" ".repeat(width - filled));
        } else {
            bar.append(" ".repeat(width));
        }
        return bar.append(']').toString();
    }

    /** A run's progress without the clock: {@code r3  RUNNING  [===>  ] 4/10 tasks  2 passed 1 failed 1 running}. */
    public static String progress(RunSummary s) {
        return progress(s, PROGRESS_BAR);
    }

    private static String progress(RunSummary s, int barWidth) {
        TaskCounts c = s.counts();
        StringBuilder line = new StringBuilder()
                .append(s.run().id()).append("  ").append(s.state()).append("  ")
                .append(progressBar(c.finished(), c.total(), barWidth)).append(' ')
                .append(c.finished()).append('/').append(c.total()).append(" tasks  ")
                .append(c.get(TaskState.PASSED)).append(" passed ")
                .append(failed(c)).append(" failed ")
                .append(onWorkers(c)).append(" running");
        if (c.get(TaskState.CANCELLED) > 0) {
            line.append(' ').append(c.get(TaskState.CANCELLED)).append(" cancelled");
        }
        return line.toString();
    }

    /** {@link #progress} followed by the run's duration so far. */
    public static String progressLine(RunSummary s, Instant now) {
        return progress(s) + "  " + duration(runDuration(s, now));
    }

    /**
     * {@link #progressLine} in at most {@code maxWidth} characters: the bar shrinks first (to
     * {@value #MIN_PROGRESS_BAR} cells), then the end is cut.
     */
    public static String progressLine(RunSummary s, Instant now, int maxWidth) {
        String time = "  " + duration(runDuration(s, now));
        int excess = progress(s).length() + time.length() - maxWidth;
        int bar = Math.max(MIN_PROGRESS_BAR, PROGRESS_BAR - Math.max(0, excess));
        return truncate(progress(s, bar) + time, maxWidth);
    }

    /** Submission to the last task's end, or to {@code now} while the run goes on. */
    public static Duration runDuration(RunSummary s, Instant now) {
        Instant from = s.run().submittedAt();
        if (from == null) {
            return null;
        }
        Instant to = s.finishedAt() != null ? s.finishedAt() : now;
        return Duration.between(from, to);
    }

    /** The latest result's duration, or the current attempt's time so far, or null before it starts. */
    public static Duration taskDuration(Task t, Instant now) {
        if (t.result() != null) {
            return t.result().duration();
        }
        if (t.startedAt() == null) {
            return null;
        }
        return Duration.between(t.startedAt(), t.finishedAt() != null ? t.finishedAt() : now);
    }

    /** Tasks that ended badly: failed, errored or timed out. */
    public static int failed(TaskCounts c) {
        return c.get(TaskState.FAILED) + c.get(TaskState.ERROR) + c.get(TaskState.TIMED_OUT);
    }

    /** Tasks leased or running. */
    public static int onWorkers(TaskCounts c) {
        return c.get(TaskState.LEASED) + c.get(TaskState.RUNNING);
    }

    /** The non-zero counts, in life-cycle order: {@code 8 passed, 1 failed, 1 running}. */
    public static String counts(TaskCounts c) {
        StringJoiner parts = new StringJoiner(", ");
        for (TaskState state : TaskState.values()) {
            int n = c.get(state);
            if (n > 0) {
                parts.add(n + " " + state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return parts.length() == 0 ? "no tasks" : parts.toString();
    }

    /** {@code 120} or {@code 120 (3 failed)}. */
    public static String tests(int total, int failed) {
        return failed > 0 ? total + " (" + failed + " failed)" : String.valueOf(total);
    }

    /**
     * {@code 1/2}: attempt of maximum attempts; {@code 3/2 (1 preempted)} when a scheduler preempted some, which
     * count against no maximum.
     */
    public static String attempt(Task task) {
        String attempt = task.attempt() + "/" + task.maxAttempts();
        return task.preemptedAttempts() > 0 ? attempt + " (" + task.preemptedAttempts() + " preempted)" : attempt;
    }

    /** The first non-blank line of a text, cut to {@code max} characters; empty for null. */
    public static String firstLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        return truncate(line, max);
    }

    /** Cut to {@code max} characters, ending in {@code ...} when cut. */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        return max <= 3 ? text.substring(0, max) : text.substring(0, max - 3) + "...";
    }

    /** The last {@code lines} lines of a text. */
    public static String tail(String text, int lines) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<String> all = text.lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** {@code String.valueOf}, or {@code -} for null. */
    public static String orNone(Object value) {
        return value == null ? NONE : String.valueOf(value);
    }

    /** {@code branch=main, team=web}, sorted by key; {@code -} when empty. */
    public static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The CI context in brief: {@code github #42 feature/cart}, {@code gitlab main}. */
    public static String ci(CIContext ci) {
        return ci.provider() + (ci.pullRequest() == null ? "" : " #" + ci.pullRequest())
                + (ci.branch() == null ? "" : " " + ci.branch());
    }

    /**
     * Labels given as {@code --label name=value} options, in order; empty for none.
     *
     * @throws DtfException naming the option that is not name=value, or a name given twice
     */
    public static Map<String, String> labelOptions(List<String> options) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String option : options == null ? List.<String>of() : options) {
            Map.Entry<String, String> label = Labels.parse(option);
            if (labels.put(label.getKey(), label.getValue()) != null) {
                throw new DtfException(ErrorCode.INVALID_ARGUMENT, "--label " + label.getKey() + " is given twice");
            }
        }
        return labels;
    }

    /** {@code gpu,linux-x64}, sorted; {@code -} when empty. */
    public static String labels(Collection<String> labels) {
        if (labels == null || labels.isEmpty()) {
            return NONE;
        }
        return String.join(",", new TreeSet<>(labels));
    }

    /** How the shell shows a DTF error: {@code Error DTF-1004: run 'r99' does not exist}. */
    public static String error(DtfException e) {
        return "Error " + e.code().code() + ": " + e.getMessage();
    }

    /** A task id has a dot ({@code r3.2}); a run id has none ({@code r3}). */
    public static boolean isTaskId(String id) {
        return id.indexOf('.') >= 0;
    }

    /** Task states from {@code failed,ERROR timed_out}: comma or space separated, any case. */
    public static Set<TaskState> states(String list) {
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        if (list == null) {
            return states;
        }
        for (String name : list.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            try {
                states.add(TaskState.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new DtfException(ErrorCode.INVALID_ARGUMENT,
                        "unknown task state '" + name + "'; use one of " + VALID_STATES);
            }
        }
        return states;
    }

    /** A page of {@code limit} rows, or an {@link ErrorCode#INVALID_ARGUMENT} naming the option. */
    public static Page page(String option, int limit) {
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT,
                    option + " must be between 1 and " + Page.MAX_LIMIT + ", not " + limit);
        }
        return new Page(0, limit);
    }
}
