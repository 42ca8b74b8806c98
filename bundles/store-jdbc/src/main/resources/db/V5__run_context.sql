-- DTF task store, schema version 5: run context, the CI build a run comes from, and labels to search runs by.
-- Same rules as V1: portable SQL for H2 2.x and PostgreSQL 15, every statement re-runnable.
-- Runs stored before version 5 keep their labels in labels_json only: they are shown, not found by a label search.

-- the searchable parts of TestRun.ci (CIContext); NULL for a run no CI build submitted
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_provider VARCHAR(64);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_repository VARCHAR(512);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_commit VARCHAR(128);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_branch VARCHAR(512);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_pull_request INTEGER;
-- the rest of it: {"buildId": ..., "buildUrl": ..., "attributes": {...}}
ALTER TABLE runs ADD COLUMN IF NOT EXISTS ci_json VARCHAR;

CREATE INDEX IF NOT EXISTS runs_by_ci_commit ON runs (ci_commit, seq);
CREATE INDEX IF NOT EXISTS runs_by_ci_branch ON runs (ci_branch, seq);
CREATE INDEX IF NOT EXISTS runs_by_ci_repository ON runs (ci_repository, ci_pull_request, seq);

-- one row per label of a run (also kept whole in runs.labels_json); lengths as io.dtf.api.task.Labels allows.
-- label_name and label_value, since KEY and VALUE are keywords of H2
CREATE TABLE IF NOT EXISTS run_labels (
    run_id      VARCHAR(64)  NOT NULL REFERENCES runs (id),
    label_name  VARCHAR(100) NOT NULL,
    label_value VARCHAR(500) NOT NULL,
    PRIMARY KEY (run_id, label_name)
);

-- runs by label: name and value, then the run (a run's own labels: the primary key)
CREATE INDEX IF NOT EXISTS run_labels_by_label ON run_labels (label_name, label_value, run_id);
