package io.dtf.ci.azure.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.task.TestCaseResult;

/**
 * One test result as "Results - Add" takes it (a {@code TestCaseResult} of the Test API 7.1:
 * https://learn.microsoft.com/en-us/rest/api/azure/devops/test/results/add?view=azure-devops-rest-7.1), made from a
 * DTF test case. Titles and names are cut to what Azure DevOps keeps (256 and 512 characters), messages to a size
 * that keeps a batch of 1,000 small.
 *
 * @param testCaseTitle the test's name
 * @param automatedTestName {@code class.name}, what the Tests tab groups and searches by
 * @param automatedTestStorage the suite or class, shown as the test's container
 * @param outcome {@code Passed}, {@code Failed} or {@code NotExecuted}
 * @param durationInMs how long it ran
 * @param errorMessage the failure message
 * @param stackTrace the failure's details
 * @param state always {@code Completed}: the result is final
 */
record AzureTestResult(String testCaseTitle, String automatedTestName, String automatedTestStorage, String outcome,
                       double durationInMs, String errorMessage, String stackTrace, String state) {
    static final int TITLE_LIMIT = 256;
    static final int NAME_LIMIT = 512;
    static final int MESSAGE_LIMIT = 4_000;
    static final int STACK_TRACE_LIMIT = 32_000;

    static AzureTestResult of(TestCaseResult test) {
        String outcome = switch (test.status()) {
            case PASSED -> "Passed";
            case FAILED, ERROR -> "Failed";
            case SKIPPED -> "NotExecuted";
        };
        String storage = test.className() != null && !test.className().isEmpty() ? test.className() : test.suite();
        return new AzureTestResult(cut(test.name(), TITLE_LIMIT), cut(ReportMarkdown.testName(test), NAME_LIMIT),
                storage == null ? null : cut(storage, NAME_LIMIT), outcome,
                test.duration() == null ? 0 : test.duration().toMillis(), cut(test.message(), MESSAGE_LIMIT),
                cut(test.details(), STACK_TRACE_LIMIT), "Completed");
    }

    /** What tells results apart when a repeated completion looks for those already added. */
    String key() {
        return key(automatedTestName, testCaseTitle);
    }

    /** The {@link #key()} of a result as Azure DevOps lists it. */
    static String key(JsonNode listed) {
        return key(listed.path("automatedTestName").asText(""), listed.path("testCaseTitle").asText(""));
    }

    private static String key(String automatedTestName, String testCaseTitle) {
        return automatedTestName + '\u0000' + testCaseTitle;
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
