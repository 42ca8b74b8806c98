package io.dtf.coordinator.impl.writes;

import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's writes to the store, and the starts that wait for them: a batch of starts alone is
 * not written at once but goes with the next write (the task's end, the next leases) or with the
 * housekeeping within a second, so that a short task costs one commit for its start and end.
 * Losing a start in a crash loses nothing that matters: after a restart a leased and a running
 * attempt are treated alike. Thread safe; safe with or without the engine's lock.
 */
public final class DeferredStarts {
    private final TaskStore store;
    /** Starts taken but not yet written; guarded by itself. */
    private final List<Transition> deferred = new ArrayList<>();
    /** Writes under way that carry starts; guarded by {@link #deferred}. */
    private int writingStarts;

    public DeferredStarts(TaskStore store) {
        this.store = store;
    }

    /** Keeps starts taken from a worker for the next write. */
    public void defer(List<Transition> starts) {
        synchronized (deferred) {
            deferred.addAll(starts);
        }
    }

    /** How many starts wait to be written. */
    public int waiting() {
        synchronized (deferred) {
            return deferred.size();
        }
    }

    /**
     * Writes the starts deferred so far and then {@code transitions}, in one commit; returns the
     * outcomes of {@code transitions}. A deferred start that no longer applies (its task moved on)
     * is dropped. When the write fails, the starts wait for the next one.
     */
    public boolean[] writeAfterDeferredStarts(List<Transition> transitions) {
        List<Transition> starts;
        synchronized (deferred) {
            starts = List.copyOf(deferred);
            deferred.clear();
            if (!starts.isEmpty()) {
                writingStarts++;
            }
        }
        if (starts.isEmpty()) {
            return store.transitionAll(transitions);
        }
        List<Transition> all = new ArrayList<>(starts.size() + transitions.size());
        all.addAll(starts);
        all.addAll(transitions);
        boolean[] applied;
        try {
            applied = store.transitionAll(all);
        } catch (RuntimeException failure) {
            synchronized (deferred) {
                deferred.addAll(0, starts);
            }
            throw failure;
        } finally {
            synchronized (deferred) {
                writingStarts--;
                deferred.notifyAll();
            }
        }
        return Arrays.copyOfRange(applied, starts.size(), applied.length);
    }

    /**
     * Writes the starts deferred so far and waits until every write that took starts before is done, so that
     * the store has them when this returns (at shutdown: a restart reads them back). Interrupted, it returns at once.
     */
    public void flush() {
        writeAfterDeferredStarts(List.of());
        synchronized (deferred) {
            while (writingStarts > 0) {
                try {
                    deferred.wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
