-- DTF task store, schema version 3: preempted attempts, which spend none of a task's attempts.
-- Same rules as V1: portable SQL for H2 2.x and PostgreSQL 15, every statement re-runnable.

-- how many of the task's attempts a scheduler preempted (Task.preemptedAttempts)
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS preempted_attempts INTEGER NOT NULL DEFAULT 0;

-- whether a scheduler preempted the attempt (AttemptRecord.preempted)
ALTER TABLE attempts ADD COLUMN IF NOT EXISTS preempted BOOLEAN NOT NULL DEFAULT FALSE;
