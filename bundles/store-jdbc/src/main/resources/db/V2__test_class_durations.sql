-- DTF task store, schema version 2: how long each test class takes, for balancing split junit tasks.
-- Same rules as V1: portable SQL for H2 2.x and PostgreSQL 15, every statement re-runnable.

-- the top-level class of a test case: class_name up to its first '$' (JUnit reports nested classes as
-- Outer$Inner, and a split selects top-level classes), written with each test case
ALTER TABLE test_cases ADD COLUMN IF NOT EXISTS test_class VARCHAR;

UPDATE test_cases SET test_class = CASE WHEN POSITION('$' IN class_name) > 0
    THEN SUBSTRING(class_name FROM 1 FOR POSITION('$' IN class_name) - 1) ELSE class_name END
    WHERE test_class IS NULL AND class_name IS NOT NULL;

-- a class's test cases in every run, read from the index alone (TaskStore.testClassDurations)
CREATE INDEX IF NOT EXISTS test_cases_by_class ON test_cases (test_class, task_id, attempt, duration_us);
