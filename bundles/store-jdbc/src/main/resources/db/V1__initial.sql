-- DTF task store, schema version 1.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. Every statement is re-runnable
-- (IF NOT EXISTS) because H2 commits DDL at once, so a failed migration must be safe to repeat.
-- Conventions: points in time are BIGINT microseconds since the epoch (UTC); durations are BIGINT
-- microseconds; states and statuses are enum names; *_json columns hold JSON documents.
-- Statements end with a semicolon at the end of a line; no semicolons inside statements.

-- run ids are 'r' || NEXT VALUE
CREATE SEQUENCE IF NOT EXISTS run_id_seq START WITH 1 INCREMENT BY 1;

-- submission order of tasks (Task.seq) and of runs, across all runs
CREATE SEQUENCE IF NOT EXISTS task_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE IF NOT EXISTS runs (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    seq           BIGINT       NOT NULL,
    name          VARCHAR(512) NOT NULL,
    tenant        VARCHAR(255) NOT NULL,
    scheduler     VARCHAR(255),
    submitted_at  BIGINT       NOT NULL,
    labels_json   VARCHAR      NOT NULL,
    plan          VARCHAR
);

CREATE UNIQUE INDEX IF NOT EXISTS runs_by_seq ON runs (seq);
CREATE INDEX IF NOT EXISTS runs_by_tenant ON runs (tenant, seq);

CREATE TABLE IF NOT EXISTS tasks (
    id                 VARCHAR(128) NOT NULL PRIMARY KEY,
    run_id             VARCHAR(64)  NOT NULL REFERENCES runs (id),
    seq                BIGINT       NOT NULL,
    name               VARCHAR(512) NOT NULL,
    type               VARCHAR(64)  NOT NULL,
    spec_json          VARCHAR      NOT NULL,
    requirements_json  VARCHAR      NOT NULL,
    priority           INTEGER      NOT NULL,
    tenant             VARCHAR(255) NOT NULL,
    deadline           BIGINT,
    timeout_us         BIGINT,
    max_attempts       INTEGER      NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    attempt            INTEGER      NOT NULL,
    worker             VARCHAR(255),
    created_at         BIGINT       NOT NULL,
    started_at         BIGINT,
    finished_at        BIGINT,
    -- the latest result: which attempt's test cases belong to it (0: it ended no attempt), and the result itself
    result_attempt     INTEGER,
    result_status      VARCHAR(16),
    result_duration_us BIGINT,
    result_exit_code   INTEGER,
    result_message     VARCHAR,
    artifacts_json     VARCHAR,
    metrics_json       VARCHAR,
    log_path           VARCHAR(1024),
    log_tail           VARCHAR
);

CREATE UNIQUE INDEX IF NOT EXISTS tasks_by_seq ON tasks (seq);
CREATE INDEX IF NOT EXISTS tasks_by_state ON tasks (state, seq);
CREATE INDEX IF NOT EXISTS tasks_by_run ON tasks (run_id, seq);

-- one row per attempt (lease) of a task; log_path is the index of the attempts' logs
CREATE TABLE IF NOT EXISTS attempts (
    task_id        VARCHAR(128) NOT NULL REFERENCES tasks (id),
    attempt        INTEGER      NOT NULL,
    worker         VARCHAR(255),
    leased_at      BIGINT       NOT NULL,
    finished_at    BIGINT,
    state          VARCHAR(16),
    duration_us    BIGINT,
    exit_code      INTEGER,
    message        VARCHAR,
    artifacts_json VARCHAR,
    metrics_json   VARCHAR,
    log_path       VARCHAR(1024),
    log_tail       VARCHAR,
    PRIMARY KEY (task_id, attempt)
);

-- the test cases of every result; attempt 0 holds those of a result that ended no attempt
CREATE TABLE IF NOT EXISTS test_cases (
    task_id     VARCHAR(128) NOT NULL REFERENCES tasks (id),
    attempt     INTEGER      NOT NULL,
    ord         INTEGER      NOT NULL,
    suite       VARCHAR,
    class_name  VARCHAR,
    name        VARCHAR,
    status      VARCHAR(16),
    duration_us BIGINT,
    message     VARCHAR,
    details     VARCHAR,
    flaky       BOOLEAN      NOT NULL,
    PRIMARY KEY (task_id, attempt, ord)
);

-- test cases by task: the primary key (task_id, attempt, ord) is that index
