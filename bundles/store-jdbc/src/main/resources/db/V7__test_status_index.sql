-- DTF task store, schema version 7: a test's history index carries each outcome's status. "First failure" and
-- "back to normal" (TaskStore.previousStatuses), asked for every failed task of a storm, then read no row: on H2 the
-- rows were most of the notification hook's time. The index replaces test_cases_by_test, which it covers.
-- Same rules as V1: portable SQL for H2 2.x and PostgreSQL 15, every statement re-runnable.
CREATE INDEX IF NOT EXISTS test_cases_by_test_status ON test_cases (test_id, finished_at DESC, task_id, attempt, ord,
    status);

DROP INDEX IF EXISTS test_cases_by_test;
