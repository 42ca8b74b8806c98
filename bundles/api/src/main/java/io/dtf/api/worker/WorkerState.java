package io.dtf.api.worker;

/** What the coordinator knows of a worker. */
public enum WorkerState {
    /** Connected with every slot free. */
    IDLE,
    /** Connected and running at least one task. */
    BUSY,
    /** Finishing its tasks, taking no new ones. */
    DRAINING,
    /** Stopped polling; its leases expire. */
    LOST
}
