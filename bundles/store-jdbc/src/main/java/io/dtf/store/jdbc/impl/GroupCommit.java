package io.dtf.store.jdbc.impl;

import io.dtf.api.store.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for single transitions: threads that call at the same time share one transaction.
 * A commit costs far more than a row, so a thousand workers reporting one result each are served at
 * the rate of batches, not of commits. No thread of its own: the first caller to find no write in
 * progress becomes the leader, writes everything queued so far (its own included) in one
 * {@code transitionAll}, hands each caller its outcome and steps down; a caller returns only once
 * its transition is committed or refused, as {@link io.dtf.api.store.TaskStore#transition} requires.
 *
 * <p>If the shared transaction fails, each of its transitions is tried again alone, so that one
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

    boolean transition(Transition transition) {
        Pending mine = new Pending(transition);
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

    /** The next batch: at most {@code maxBatch} of the queue, oldest first. Holds the lock. */
    private List<Pending> take() {
        if (queue.size() <= maxBatch) {
            List<Pending> batch = queue;
            queue = new ArrayList<>();
            return batch;
        }
        List<Pending> batch = new ArrayList<>(queue.subList(0, maxBatch));
        queue = new ArrayList<>(queue.subList(maxBatch, queue.size()));
        return batch;
    }

    private void write(List<Pending> batch) {
        try {
            boolean[] applied = writer.apply(batch.stream().map(p -> p.transition).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).applied = applied[i];
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).failure = e;
            } else {
                for (Pending p : batch) {
                    try {
                        p.applied = writer.apply(List.of(p.transition))[0];
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

    /** One caller's transition and, once written, its outcome. Guarded by {@code lock}. */
    private static final class Pending {
        final Transition transition;
        boolean done;
        boolean applied;
        Throwable failure;

        Pending(Transition transition) {
            this.transition = transition;
        }

        boolean outcome() {
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
