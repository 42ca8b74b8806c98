package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.getDuration;
import static io.dtf.store.jdbc.impl.Columns.getEnum;
import static io.dtf.store.jdbc.impl.Columns.getInstant;
import static io.dtf.store.jdbc.impl.Columns.getInt;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Rows of the schema as API records: the column lists to select and their mapping. */
final class Rows {
    /** A run's columns without its plan, which can be megabytes and only {@link #PLAN_COLUMN} reads. */
    static final String RUN_COLUMNS = "r.id, r.name, r.tenant, r.scheduler, r.submitted_at, r.labels_json, "
            + "r.ci_provider, r.ci_repository, r.ci_commit, r.ci_branch, r.ci_pull_request, r.ci_json";
    static final String PLAN_COLUMN = "r.plan";

    static final String TASK_COLUMNS = "t.id, t.run_id, t.seq, t.name, t.type, t.spec_json, t.requirements_json, "
            + "t.priority, t.tenant, t.deadline, t.timeout_us, t.max_attempts, t.state, t.attempt, t.worker, "
            + "t.created_at, t.started_at, t.finished_at, t.result_attempt, t.result_status, t.result_duration_us, "
            + "t.result_exit_code, t.result_message, t.artifacts_json, t.metrics_json, t.log_path, t.log_tail, "
            + "t.preempted_attempts";

    static final String ATTEMPT_COLUMNS = "a.task_id, a.attempt, a.worker, a.leased_at, a.finished_at, a.state, "
            + "a.exit_code, a.message, a.log_path, a.preempted";

    static final String TEST_CASE_COLUMNS = "tc.suite, tc.class_name, tc.name AS tc_name, tc.status AS tc_status, "
            + "tc.duration_us AS tc_duration_us, tc.message AS tc_message, tc.details, tc.flaky, tc.properties_json, "
            + "tc.system_out, tc.system_err";

    /**
     * A test case with the attempt that reported it, from {@code tasks t}, {@code test_cases tc} and, left joined,
     * {@code attempts a} ({@link #storedTestCase}).
     */
    static final String STORED_TEST_CASE_COLUMNS = "t.id AS task_id, t.name AS task_name, tc.attempt, tc.test_id, "
            + "tc.finished_at AS tc_finished_at, a.worker AS tc_worker, " + TEST_CASE_COLUMNS;

    private final Json json;

    Rows(Json json) {
        this.json = json;
    }

    /** The run of the current row; its plan when {@code withPlan} (the query selected {@link #PLAN_COLUMN}). */
    TestRun run(ResultSet rs, boolean withPlan) throws SQLException {
        return new TestRun(RunId.of(rs.getString("id")), rs.getString("name"), json.labels(rs.getString("labels_json")),
                rs.getString("tenant"), rs.getString("scheduler"), getInstant(rs, "submitted_at"),
                withPlan ? rs.getString("plan") : null, ci(rs));
    }

    /** The run's CI context, {@code null} for a run no CI build submitted (no provider). */
    private CIContext ci(ResultSet rs) throws SQLException {
        String provider = rs.getString("ci_provider");
        return provider == null ? null : json.ci(provider, rs.getString("ci_repository"), rs.getString("ci_commit"),
                rs.getString("ci_branch"), getInt(rs, "ci_pull_request"), rs.getString("ci_json"));
    }

    /** The task of the current row, its result (if any) with {@code testCases}. */
    Task task(ResultSet rs, List<TestCaseResult> testCases) throws SQLException {
        String worker = rs.getString("worker");
        return new Task(TaskId.of(rs.getString("id")), RunId.of(rs.getString("run_id")), rs.getString("name"),
                rs.getString("type"), json.spec(rs.getString("spec_json")),
                json.requirements(rs.getString("requirements_json")), rs.getInt("priority"), rs.getString("tenant"),
                getInstant(rs, "deadline"), getDuration(rs, "timeout_us"), rs.getInt("max_attempts"),
                rs.getLong("seq"), TaskState.valueOf(rs.getString("state")), rs.getInt("attempt"),
                worker == null ? null : WorkerId.of(worker), getInstant(rs, "created_at"),
                getInstant(rs, "started_at"), getInstant(rs, "finished_at"), result(rs, testCases),
                rs.getInt("preempted_attempts"));
    }

    private TaskResult result(ResultSet rs, List<TestCaseResult> testCases) throws SQLException {
        TaskState status = getEnum(rs, "result_status", TaskState.class);
        if (status == null) {
            return null;
        }
        return new TaskResult(status, getDuration(rs, "result_duration_us"), getInt(rs, "result_exit_code"),
                rs.getString("result_message"), testCases, json.artifacts(rs.getString("artifacts_json")),
                json.metrics(rs.getString("metrics_json")), rs.getString("log_path"), rs.getString("log_tail"));
    }

    /** The attempt number whose test cases belong to the task's result; {@code null} without a result. */
    static Integer resultAttempt(ResultSet rs) throws SQLException {
        return getInt(rs, "result_attempt");
    }

    static AttemptRecord attempt(ResultSet rs) throws SQLException {
        String worker = rs.getString("worker");
        return new AttemptRecord(new TaskAttempt(TaskId.of(rs.getString("task_id")), rs.getInt("attempt")),
                worker == null ? null : WorkerId.of(worker), getEnum(rs, "state", TaskState.class),
                getInstant(rs, "leased_at"), getInstant(rs, "finished_at"), getInt(rs, "exit_code"),
                rs.getString("message"), rs.getString("log_path"), rs.getBoolean("preempted"));
    }

    TestCaseResult testCase(ResultSet rs) throws SQLException {
        Duration duration = getDuration(rs, "tc_duration_us");
        return new TestCaseResult(rs.getString("suite"), rs.getString("class_name"), rs.getString("tc_name"),
                getEnum(rs, "tc_status", TestCaseStatus.class), duration, rs.getString("tc_message"),
                rs.getString("details"), rs.getBoolean("flaky"), json.properties(rs.getString("properties_json")),
                rs.getString("system_out"), rs.getString("system_err"));
    }

    /** The test case of the current row selected with {@link #STORED_TEST_CASE_COLUMNS}. */
    StoredTestCase storedTestCase(ResultSet rs) throws SQLException {
        String test = rs.getString("test_id"); // NULL until the backfill reaches a row stored before schema 6
        String worker = rs.getString("tc_worker");
        return new StoredTestCase(TaskId.of(rs.getString("task_id")), rs.getString("task_name"), rs.getInt("attempt"),
                testCase(rs), test == null ? null : TestId.of(test), worker == null ? null : WorkerId.of(worker),
                getInstant(rs, "tc_finished_at"));
    }
}
