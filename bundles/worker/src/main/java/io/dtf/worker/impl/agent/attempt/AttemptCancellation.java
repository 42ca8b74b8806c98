package io.dtf.worker.impl.agent.attempt;

import io.dtf.api.executor.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cancellation of one attempt: actions run once, on the thread that cancels. */
public final class AttemptCancellation implements Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptCancellation.class);

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        run(action);
    }

    /** Cancels; returns whether this call did it (false when already cancelled). */
    public boolean cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(AttemptCancellation::run);
        return true;
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("A cancellation action failed", e);
        }
    }
}
