package io.dtf.store.jdbc.impl;

import io.dtf.api.store.Transition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: threads that write transitions at the same time share one transaction. A commit
 * costs far more than a row, so a thousand workers reporting a few results each are served at the
 * rate of batches, not of commits. No thread of its own: the first caller to find no write in
 * progress becomes the leader, writes everything queued so far (its own included) in one
 * transaction, hands each caller its outcomes and steps down; a caller returns only once its
 * transitions are committed or refused, as {@link io.dtf.api.store.TaskStore#transitionAll} requires.
 * One caller's transitions are never split between transactions.
 *
 * <p>If the shared transaction fails, each caller's transitions are tried again alone, so that one
 * bad transition fails only its own caller.
 */
final class GroupCommit {
    private final Function<List<Transition>, boolean[]> writer;
    private final int maxBatch;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean writing;

    GroupCommit(Function<List<Transition>, boolean[]> writer, int maxBatch) {
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    boolean[] apply(List<Transition> transitions) {
        Pending mine = new Pending(transitions);
        boolean interrupted = false;
        try {
            synchronized (lock) {
                queue.add(mine);
            }
            while (true) {
                List<Pending> batch;
                synchronized (lock) {
                    while (writing && !mine.done) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // it may be written by now: wait for the outcome anyway
                        }
                    }
                    if (mine.done) {
                        return mine.outcome();
                    }
                    writing = true;
                    batch = take();
                }
                try {
                    write(batch);
                } finally {
                    synchronized (lock) {
                        writing = false;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many callers wait for a write to take their transitions; for tests that need them queued. */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * The next batch, oldest first: callers while their transitions add up to at most
     * {@code maxBatch} (always at least one caller). Holds the lock.
     */
    private List<Pending> take() {
        int callers = 0;
        int transitions = 0;
        while (callers < queue.size()
                && (callers == 0 || transitions + queue.get(callers).transitions.size() <= maxBatch)) {
            transitions += queue.get(callers).transitions.size();
            callers++;
        }
        List<Pending> batch = new ArrayList<>(queue.subList(0, callers));
        queue = new ArrayList<>(queue.subList(callers, queue.size()));
        return batch;
    }

    private void write(List<Pending> batch) {
        try {
            List<Transition> all = new ArrayList<>();
            batch.forEach(p -> all.addAll(p.transitions));
            boolean[] applied = writer.apply(all);
            int offset = 0;
            for (Pending p : batch) {
                p.applied = Arrays.copyOfRange(applied, offset, offset + p.transitions.size());
                offset += p.transitions.size();
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).failure = e;
            } else {
                for (Pending p : batch) {
                    try {
                        p.applied = writer.apply(p.transitions);
                    } catch (RuntimeException | Error alone) {
                        p.failure = alone;
                    }
                }
            }
        } finally {
            synchronized (lock) {
                for (Pending p : batch) {
                    p.done = true;
                }
            }
        }
    }

    /** One caller's transitions and, once written, their outcomes. Guarded by {@code lock}. */
    private static final class Pending {
        final List<Transition> transitions;
        boolean done;
        boolean[] applied;
        Throwable failure;

        Pending(List<Transition> transitions) {
            this.transitions = transitions;
        }

        boolean[] outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return applied;
        }
    }
}
