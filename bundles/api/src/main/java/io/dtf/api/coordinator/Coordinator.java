package io.dtf.api.coordinator;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Labels;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.WorkerStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What users and tools do with DTF: the service behind the shell commands and the REST API.
 * Failures are {@link io.dtf.api.DtfException}s with a stable code and, for bad input, every problem.
 */
@ProviderType
public interface Coordinator {

    /**
     * Validates a plan, stores its run and tasks, and queues them. Nothing is queued from an
     * invalid plan. Returns once the run is durable.
     *
     * @param plan the plan text, YAML or JSON
     * @param source where it came from (a file name), used in messages; a name ending in
     *     {@code .json} is read as JSON, anything else as YAML (which also reads JSON)
     */
    default RunSummary submit(String plan, String source) {
        return submit(plan, source, Map.of(), null);
    }

    /**
     * {@link #submit(String, String)} with what the submitter adds without editing the plan: labels and the CI
     * build it comes from. Labels and context are refused ({@code INVALID_ARGUMENT}, every problem named
     * {@code labels.<name>} or {@code ci.<part>}) when they break the limits of {@link Labels} and
     * {@link CIContext#problems}.
     *
     * @param labels added to the plan's labels (none: empty or {@code null}); where both name a label, this value wins
     * @param ci the CI build that submits the run, or {@code null}
     */
    RunSummary submit(String plan, String source, Map<String, String> labels, CIContext ci);

    /**
     * The link to a run that messages and reports give: {@code <publicUrl>/api/v1/runs/<id>}, the run's REST
     * resource, on the coordinator's configured public base URL ({@code publicUrl} of {@code io.dtf.coordinator},
     * by default {@code http://<host name>:8181}).
     */
    URI runUrl(RunId id);

    /** The run's progress, without its plan text ({@link #plan}). */
    Optional<RunSummary> run(RunId id);

    /** Runs with their progress, newest first, without their plan texts. */
    List<RunSummary> runs(RunQuery query);

    /** The plan of the run as it was submitted. */
    Optional<String> plan(RunId id);

    Optional<Task> task(TaskId id);

    List<Task> tasks(TaskQuery query);

    List<AttemptRecord> attempts(TaskId id);

    List<StoredTestCase> testCases(TestCaseQuery query);

    /**
     * The latest {@code limit} outcomes of one test across runs, newest first (see
     * {@link io.dtf.api.store.TaskStore#testHistory}); empty where the store keeps no history.
     */
    default List<StoredTestCase> testHistory(TestId test, int limit) {
        return List.of();
    }

    /** The slowest tests of a run or of the latest runs, slowest mean first; empty where the store keeps none. */
    default List<SlowTest> slowestTests(SlowestTestsQuery query) {
        return List.of();
    }

    /**
     * Cancels every unfinished task of a run.
     *
     * @return how many tasks were cancelled
     */
    int cancel(RunId id);

    /** Cancels one task; {@code false} when it had already finished. */
    boolean cancel(TaskId id);

    List<WorkerStatus> workers();

    /**
     * Where the coordinator keeps the full log of an attempt: written there by the embedded worker,
     * or from what a remote worker streams. The file may not exist (yet).
     */
    Path logFile(TaskAttempt attempt);

    /** The installed schedulers. */
    List<SchedulerInfo> schedulers();

    /**
     * Makes the named scheduler the active one, for runs that name none, from the next decision on
     * and across restarts; queued tasks keep their places.
     */
    void useScheduler(String name);
}
