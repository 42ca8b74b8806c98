-- DTF task store, schema version 4: the events durable hooks receive (EventLog), stored with the changes
-- that cause them, and each subscriber's position. Same rules as V1: portable SQL for H2 2.x and
-- PostgreSQL 15, every statement re-runnable.

-- event order: increasing in commit order (the store writes events one transaction at a time)
CREATE SEQUENCE IF NOT EXISTS event_seq START WITH 1 INCREMENT BY 1;

-- one row per event; task events name their attempt, and their task's name and worker are read from
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

-- how many of a run's tasks are not finished: RUN_COMPLETED is written with the end of its last task
ALTER TABLE runs ADD COLUMN IF NOT EXISTS open_tasks INTEGER;

UPDATE runs SET open_tasks = (SELECT COUNT(*) FROM tasks t WHERE t.run_id = runs.id
    AND t.state IN ('QUEUED', 'LEASED', 'RUNNING')) WHERE open_tasks IS NULL;
