-- DTF task store, schema version 6: test-level results. Every test case of every attempt is kept with its
-- identity, its end, its JUnit XML properties and an excerpt of its output; a test's history is read by its id.
-- Same rules as V1: portable SQL for H2 2.x and PostgreSQL 15, every statement re-runnable.

-- io.dtf.api.task.TestId: 20 hex digits, of the SHA-256 of the class (or suite), then of class and name. Computed in
-- Java: rows stored before this version get theirs from the store's background backfill (TestIdBackfill), in small
-- batches.
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS test_id VARCHAR(20);

-- when the attempt that reported the test case ended (microseconds since the epoch): orders a test's history
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS finished_at BIGINT;

-- the <properties> of the test case as a JSON object (NULL when it has none)
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS properties_json VARCHAR;

-- excerpts of its <system-out> and <system-err>, at most 4,096 characters each (TestCaseResult.OUTPUT_LIMIT)
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS system_out VARCHAR;
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS system_err VARCHAR;

UPDATE test_cases SET finished_at = (SELECT a.finished_at FROM attempts a
    WHERE a.task_id = test_cases.task_id AND a.attempt = test_cases.attempt)
    WHERE finished_at IS NULL AND attempt > 0;

UPDATE test_cases SET finished_at = (SELECT t.finished_at FROM tasks t WHERE t.id = test_cases.task_id)
    WHERE finished_at IS NULL AND attempt = 0;

-- a test's latest outcomes across runs (TaskStore.testHistory): which ones, newest first, from the index alone
CREATE INDEX IF NOT EXISTS test_cases_by_test ON test_cases (test_id, finished_at DESC, task_id, attempt, ord);

-- the durations of the test cases of a task's attempt, read from the index alone (TaskStore.slowestTests)
CREATE INDEX IF NOT EXISTS test_cases_by_attempt ON test_cases (task_id, attempt, test_id, duration_us);
