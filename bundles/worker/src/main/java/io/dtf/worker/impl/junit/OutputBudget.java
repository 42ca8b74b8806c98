package io.dtf.worker.impl.junit;

import io.dtf.api.task.TestCaseResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds the output excerpts of one task's test cases together, so that its result stays well within what the
 * coordinator takes in one report (16 MiB by default, {@code maxResultBytes}): a suite of thousands of tests that all
 * print would otherwise make a result the coordinator refuses, and the worker would send it again forever. Failed
 * and broken test cases keep their output first, in report order, then the others, while the budget lasts; the
 * test cases past it keep everything but their output.
 */
public final class OutputBudget {
    /** The most characters of output one task's test cases keep together. */
    public static final int TASK_LIMIT = 2 * 1024 * 1024;

    private OutputBudget() {
    }

    /** {@code cases} with output kept up to {@code limit} characters in all, in their order. */
    public static List<TestCaseResult> apply(List<TestCaseResult> cases, int limit) {
        long total = cases.stream().mapToLong(OutputBudget::size).sum();
        if (total <= limit) {
            return cases;
        }
        boolean[] keep = new boolean[cases.size()];
        long left = limit;
        for (boolean failuresFirst : new boolean[] {true, false}) {
            for (int i = 0; i < cases.size(); i++) {
                TestCaseResult c = cases.get(i);
                boolean failed = c.status() != null && c.status().isFailure();
                if (failed == failuresFirst && size(c) <= left) {
                    keep[i] = true;
                    left -= size(c);
                }
            }
        }
        List<TestCaseResult> kept = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            TestCaseResult c = cases.get(i);
            kept.add(keep[i] || size(c) == 0 ? c : new TestCaseResult(c.suite(), c.className(), c.name(), c.status(),
                    c.duration(), c.message(), c.details(), c.flaky(), c.properties(), null, null));
        }
        return kept;
    }

    private static long size(TestCaseResult c) {
        return (c.systemOut() == null ? 0 : c.systemOut().length()) + (c.systemErr() == null ? 0 : c.systemErr().length());
    }
}
