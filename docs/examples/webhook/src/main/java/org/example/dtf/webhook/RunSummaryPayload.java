package org.example.dtf.webhook;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document posted for an event: its id (the receiver's key to act once), type, time and severity; for
 * RUN_COMPLETED the run's summary (state, counts, duration, labels, CI context, link) and its failed tests;
 * for other events the run, task and worker and the event's data. Plain maps and lists, so that the JSON is
 * exactly what is documented, whatever DTF's records grow.
 */
final class RunSummaryPayload {
    private RunSummaryPayload() {
    }

    static Map<String, Object> of(DtfEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("type", event.type().name());
        json.put("at", event.at().toString());
        json.put("severity", event.severity().name());
        RunReport report = event.get(EventData.REPORT);
        if (report != null) {
            json.put("run", run(report));
            json.put("failedTests", report.failedTests().stream().map(RunSummaryPayload::failedTest).toList());
            json.put("failedTestsLeftOut", report.failedTestsLeftOut());
            return json;
        }
        putIfPresent(json, "run", event.run() == null ? null : event.run().value());
        putIfPresent(json, "task", event.task() == null ? null : event.task().value());
        putIfPresent(json, "worker", event.worker() == null ? null : event.worker().value());
        Map<String, Object> data = new LinkedHashMap<>();
        event.data().forEach((key, value) -> data.put(key, value instanceof Number || value instanceof Boolean
                ? value : String.valueOf(value)));
        json.put("data", data);
        return json;
    }

    private static Map<String, Object> run(RunReport report) {
        RunSummary summary = report.summary();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", summary.run().id().value());
        run.put("name", summary.run().name());
        run.put("state", summary.state().name());
        run.put("tenant", summary.run().tenant());
        run.put("submittedAt", summary.run().submittedAt().toString());
        putIfPresent(run, "finishedAt", summary.finishedAt() == null ? null : summary.finishedAt().toString());
        putIfPresent(run, "durationSeconds", report.duration() == null ? null : report.duration().toMillis() / 1000.0);
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("total", summary.counts().total());
        summary.counts().byState().forEach((state, count) -> {
            if (count > 0) {
                tasks.put(state.name(), count);
            }
        });
        run.put("tasks", tasks);
        run.put("testCases", summary.testCases());
        run.put("failedTestCases", summary.failedTestCases());
        run.put("labels", summary.run().labels());
        putIfPresent(run, "ci", ci(summary.run().ci()));
        putIfPresent(run, "link", report.link() == null ? null : report.link().toString());
        return run;
    }

    private static Map<String, Object> ci(CIContext ci) {
        if (ci == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider", ci.provider());
        putIfPresent(json, "repository", ci.repository());
        putIfPresent(json, "commit", ci.commit());
        putIfPresent(json, "branch", ci.branch());
        putIfPresent(json, "pullRequest", ci.pullRequest());
        putIfPresent(json, "buildId", ci.buildId());
        putIfPresent(json, "buildUrl", ci.buildUrl() == null ? null : ci.buildUrl().toString());
        return json;
    }

    private static Map<String, Object> failedTest(StoredTestCase test) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", test.task().value());
        putIfPresent(json, "taskName", test.taskName());
        putIfPresent(json, "className", test.result().className());
        json.put("name", test.result().name());
        json.put("status", test.result().status().name());
        putIfPresent(json, "message", test.result().message());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String key, Object value) {
        if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
            json.put(key, value);
        }
    }
}
