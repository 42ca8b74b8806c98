-- DTF task store, schema version 4: the events durable hooks receive (EventLog), stored with the changes
-- that cause them, and each subscriber's position. Same rules as V1: portable SQL for H2 2.x and
-- PostgreSQL 15, every statement re-runnable.

-- one row per event, numbered by seq in commit order (the store writes events one transaction at a time, and
-- numbers them itself: a database sequence cost more than the rest of the insert); task events name their attempt, and their task's name and worker are read from
-- tasks and attempts, so that the row stays small
CREATE TABLE IF NOT EXISTS events (
    seq       BIGINT       NOT NULL PRIMARY KEY,
    id        VARCHAR(255) NOT NULL,
    type      VARCHAR(32)  NOT NULL,
    at        BIGINT       NOT NULL,
    severity  VARCHAR(16)  NOT NULL,
    run_id    VARCHAR(64),
    task_id   VARCHAR(128),
    attempt   INTEGER,
    worker    VARCHAR(255),
    data_json VARCHAR
);

-- a subscriber (durable hook) and how far it has got: every event up to acknowledged is done
CREATE TABLE IF NOT EXISTS event_subscriptions (
    subscriber   VARCHAR(512) NOT NULL PRIMARY KEY,
    types        VARCHAR      NOT NULL,
    acknowledged BIGINT       NOT NULL,
    since        BIGINT       NOT NULL
);

-- events a subscriber gave up on, kept until sent again on request
CREATE TABLE IF NOT EXISTS parked_events (
    subscriber VARCHAR(512) NOT NULL,
    seq        BIGINT       NOT NULL,
    reason     VARCHAR,
    attempts   INTEGER      NOT NULL,
    parked_at  BIGINT       NOT NULL,
    PRIMARY KEY (subscriber, seq)
);

-- how many of an unfinished run's tasks are not finished, so that RUN_COMPLETED is written with the end of its
-- last task; the row goes when the run finishes. A table of its own: a row of runs holds the plan text, and
-- updating it would write the whole plan again at every task's end
CREATE TABLE IF NOT EXISTS run_open_tasks (
    run_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    open_tasks INTEGER     NOT NULL
);

INSERT INTO run_open_tasks (run_id, open_tasks)
    SELECT t.run_id, COUNT(*) FROM tasks t WHERE t.state IN ('QUEUED', 'LEASED', 'RUNNING')
        AND NOT EXISTS (SELECT 1 FROM run_open_tasks o WHERE o.run_id = t.run_id) GROUP BY t.run_id;
