package io.dtf.executor.browser.impl.job;

import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser task's result from its run: the merged result, its checks as test cases (class: the task's name;
 * name: the check's, with the shard it was made in), and the status.
 */
public final class JobReport {
    /** The name of the test case of a part (or merge) whose script threw or could not run. */
    static final String SCRIPT_CASE = "script";

    private final String task;
    private final ShardedRun.Outcome outcome;
    private final int shards;

    public JobReport(String task, int shards, ShardedRun.Outcome outcome) {
        this.task = task;
        this.shards = shards;
        this.outcome = outcome;
    }

    /**
     * Whether there is a job result: every part answered, and the merge too when the script defines one. The
     * result may still have failed checks.
     */
    public boolean hasResult() {
        return outcome.end() == ShardedRun.End.DONE && outcome.parts().size() == shards
                && outcome.parts().stream().allMatch(Step::answered)
                && (outcome.merge() == null || outcome.merge().answered());
    }

    /**
     * The job's result: the merge's, when the script defines one; else the only part's; else the parts' results
     * one after the other when each is a list, or the list of the parts' results in shard order.
     */
    public Object result() {
        if (outcome.merge() != null) {
            return outcome.merge().outcome().result();
        }
        List<Object> results = outcome.parts().stream().map(p -> p.outcome().result()).toList();
        if (results.size() == 1) {
            return results.get(0);
        }
        if (results.stream().allMatch(r -> r instanceof List<?>)) {
            List<Object> joined = new ArrayList<>();
            results.forEach(r -> joined.addAll((List<?>) r));
            return joined;
        }
        return results;
    }

    /** The numbers at the top of the result (an object): {@code {gflops: 1.5, rows: 64}}. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (hasResult() && result() instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                    metrics.put(String.valueOf(key), n.doubleValue());
                }
            });
        }
        return metrics;
    }

    /** Every check of every part and of the merge, and a test case for each part that threw or could not run. */
    public List<TestCaseResult> testCases() {
        List<TestCaseResult> cases = new ArrayList<>();
        for (Step part : steps()) {
            String suffix = part.label() == null || "merge".equals(part.label()) ? "" : " [" + part.label() + "]";
            String scriptCase = "merge".equals(part.label()) ? "merge" : SCRIPT_CASE + suffix;
            if (part.outcome() == null) {
                cases.add(testCase(scriptCase, TestCaseStatus.ERROR, part.problem(), null, part.took()));
                continue;
            }
            for (ScriptOutcome.Check check : part.outcome().checks()) {
                cases.add(testCase(check.name() + suffix, check.passed() ? TestCaseStatus.PASSED : TestCaseStatus.FAILED,
                        check.message(), null, Duration.ZERO));
            }
            if (part.outcome().error() != null) {
                cases.add(testCase(scriptCase, TestCaseStatus.ERROR, part.outcome().error(), part.outcome().stack(),
                        part.took()));
            }
        }
        return cases;
    }

    /** PASSED when every part answered and every check passed; ERROR when a browser was missing; else FAILED. */
    public TaskState status() {
        return switch (outcome.end()) {
            case TIMED_OUT -> TaskState.TIMED_OUT;
            case CANCELLED -> TaskState.CANCELLED;
            case DONE -> {
                if (steps().stream().anyMatch(s -> s.failure() == TaskState.ERROR)) {
                    yield TaskState.ERROR;
                }
                yield hasResult() && steps().stream().allMatch(s -> s.outcome().passed()) ? TaskState.PASSED
                        : TaskState.FAILED;
            }
        };
    }

    /** Why the task did not pass, or {@code null}. */
    public String message() {
        if (outcome.end() == ShardedRun.End.TIMED_OUT) {
            // what was not done at the deadline; the parts stopped then end afterwards, so counting them says nothing
            return "the job did not end within the task's timeout" + (outcome.unfinished().isEmpty() ? ""
                    : " (" + String.join(", ", outcome.unfinished()) + ")");
        }
        if (outcome.end() == ShardedRun.End.CANCELLED) {
            return "cancelled";
        }
        for (Step step : steps()) {
            if (step.outcome() == null) {
                return step.prefix() + step.problem();
            }
            if (step.outcome().error() != null) {
                return step.prefix() + "the script threw: " + step.outcome().error();
            }
        }
        List<String> failed = new ArrayList<>();
        int checks = 0;
        for (Step step : steps()) {
            for (ScriptOutcome.Check check : step.outcome().checks()) {
                checks++;
                if (!check.passed()) {
                    failed.add(step.prefix() + check.name() + (check.message() == null ? "" : ": " + check.message()));
                }
            }
        }
        return failed.isEmpty() ? null : failed.size() + " of " + checks + " checks failed, the first: " + failed.get(0);
    }

    public TaskResult result(Duration took, List<String> artifacts) {
        return new TaskResult(status(), took, null, message(), testCases(), artifacts, metrics(), null, null);
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>(outcome.parts());
        if (outcome.merge() != null) {
            steps.add(outcome.merge());
        }
        return steps;
    }

    private TestCaseResult testCase(String name, TestCaseStatus status, String message, String details,
                                    Duration took) {
        return new TestCaseResult(task, task, name, status, took, message, details, false);
    }
}
