package io.dtf.coordinator.impl.dispatch;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How the engine wakes its dispatcher when tasks or free slots appear, and how a report waits for
 * the dispatch pass that decides about the slots it freed. Used with the engine's lock held.
 */
public final class DispatchSignal {
    private final Condition requested;
    /** Signalled at the end of every dispatch pass, for reports waiting for the decision about their slots. */
    private final Condition passed;
    private boolean pending;
    /** Dispatch passes ended so far. */
    private long passes;

    public DispatchSignal(ReentrantLock lock) {
        this.requested = lock.newCondition();
        this.passed = lock.newCondition();
    }

    /** Asks for a dispatch pass. */
    public void request() {
        pending = true;
        requested.signal();
    }

    /** Wakes the dispatcher whatever it waits for, e.g. to stop. */
    public void wakeDispatcher() {
        requested.signalAll();
    }

    /** The dispatcher waits up to {@code nanos} for a request while {@code running}, and takes it. */
    void awaitRequest(long nanos, BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean() && !pending && nanos > 0) {
            nanos = requested.awaitNanos(nanos);
        }
        pending = false;
    }

    /** How many dispatch passes have ended; a pass holds the lock throughout, so none runs while the caller holds it. */
    public long passes() {
        return passes;
    }

    void passEnded() {
        passes++;
        passed.signalAll();
    }

    /** Waits up to {@code nanos} for a pass to end; returns the time left, as {@link Condition#awaitNanos}. */
    public long awaitPass(long nanos) throws InterruptedException {
        return passed.awaitNanos(nanos);
    }
}
