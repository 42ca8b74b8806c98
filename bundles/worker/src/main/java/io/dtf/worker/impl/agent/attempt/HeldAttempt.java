package io.dtf.worker.impl.agent.attempt;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.Lease;
import java.nio.file.Path;

/** An attempt a worker holds, from its lease until its result is handed to the outbox. */
public final class HeldAttempt {
    private final Lease lease;
    private final AttemptCancellation cancellation = new AttemptCancellation();
    private volatile boolean byShutdown;
    /** The coordinator refused a report of it: it is no longer this worker's, so its result is not reported. */
    private volatile boolean refused;
    /** The folder the agent made for it (not the task's own {@code workdir}), once made; its slot's thread alone uses it. */
    private Path ownFolder;
    /** When a slot's thread took it ({@link System#nanoTime()}); 0 while it waits. Guarded by the agent's lock. */
    private long began;
    /** Handed back to the coordinator before it began: its slot's thread skips it. Guarded by the agent's lock. */
    private boolean handedBack;

    public HeldAttempt(Lease lease) {
        this.lease = lease;
    }

    public Lease lease() {
        return lease;
    }

    public TaskAttempt attempt() {
        return lease.attempt();
    }

    public AttemptCancellation cancellation() {
        return cancellation;
    }

    /** Cancels it because the worker shuts down: not the task's fault, so nothing is reported. */
    public void cancelForShutdown() {
        byShutdown = true;
        cancellation.cancel();
    }

    public boolean isByShutdown() {
        return byShutdown;
    }

    /** The coordinator no longer counts it as this worker's. */
    public void markRefused() {
        refused = true;
    }

    public boolean isRefused() {
        return refused;
    }

    Path ownFolder() {
        return ownFolder;
    }

    void ownFolder(Path folder) {
        ownFolder = folder;
    }

    /** Called with the agent's lock held. */
    public long began() {
        return began;
    }

    /** A slot's thread takes it now ({@link System#nanoTime()}). Called with the agent's lock held. */
    public void begin(long nanoTime) {
        began = nanoTime;
    }

    /** Whether it waits for a slot's thread. Called with the agent's lock held. */
    public boolean isWaiting() {
        return began == 0;
    }

    /** Called with the agent's lock held. */
    public boolean isHandedBack() {
        return handedBack;
    }

    /** It goes back to the coordinator unstarted. Called with the agent's lock held. */
    public void handBack() {
        handedBack = true;
    }
}
