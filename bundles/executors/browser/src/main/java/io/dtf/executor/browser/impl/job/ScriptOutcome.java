package io.dtf.executor.browser.impl.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one run of the harness reported: the script's result, or the error it threw, and the checks it made and the
 * lines it logged either way.
 *
 * @param result the value {@code run} (or {@code merge}) returned, JSON-like
 * @param hasMerge whether the script defines a {@code merge} function
 * @param error what the script threw, or {@code null}
 * @param stack its stack, or {@code null}
 */
public record ScriptOutcome(Object result, boolean hasMerge, List<Check> checks, List<String> logs, String error,
                            String stack) {
    public ScriptOutcome {
        checks = List.copyOf(checks);
        logs = List.copyOf(logs);
    }

    /** One {@code dtf.check(name, passed, message)}. */
    public record Check(String name, boolean passed, String message) {
    }

    /**
     * The harness's answer.
     *
     * @throws IllegalStateException when it is not the harness's (the page replaced the callback, say)
     */
    public static ScriptOutcome of(Object answer) {
        if (!(answer instanceof Map<?, ?> map) || !map.containsKey("checks")) {
            throw new IllegalStateException("the browser's answer is not the harness's: " + excerpt(answer));
        }
        List<Check> checks = new ArrayList<>();
        if (map.get("checks") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> check) {
                    checks.add(new Check(String.valueOf(check.get("name")), Boolean.TRUE.equals(check.get("passed")),
                            check.get("message") == null ? null : String.valueOf(check.get("message"))));
                }
            }
        }
        List<String> logs = map.get("logs") instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of();
        String error = map.get("error") == null ? null : String.valueOf(map.get("error"));
        String stack = map.get("stack") == null ? null : String.valueOf(map.get("stack"));
        return new ScriptOutcome(map.get("result"), Boolean.TRUE.equals(map.get("hasMerge")), checks, logs, error,
                stack);
    }

    /** Whether the script ran to its end and every check passed. */
    public boolean passed() {
        return error == null && checks.stream().allMatch(Check::passed);
    }

    private static String excerpt(Object value) {
        String text = String.valueOf(value);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
