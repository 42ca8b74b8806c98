package io.dtf.worker.impl.agent;

/**
 * The agent's one lock, and the lifecycle state it guards. Its monitor also guards what the agent's
 * threads share: the attempts held, the outbox and the poll's bookkeeping; it is notified when an
 * attempt ends, a report is queued or a poll begins.
 */
public final class AgentLock {
    /** Where the agent is in its life. */
    public enum State { NEW, RUNNING, DRAINING, STOPPING, STOPPED }

    private State state = State.NEW;

    /** Called with the lock held. */
    public State state() {
        return state;
    }

    /** Called with the lock held. */
    void state(State newState) {
        state = newState;
    }

    public boolean isStopping() {
        synchronized (this) {
            return state == State.STOPPING || state == State.STOPPED;
        }
    }

    public boolean isDraining() {
        synchronized (this) {
            return state == State.DRAINING;
        }
    }
}
