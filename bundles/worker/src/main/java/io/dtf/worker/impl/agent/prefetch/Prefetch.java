package io.dtf.worker.impl.agent.prefetch;

import io.dtf.api.worker.WorkerInfo;
import io.dtf.worker.impl.agent.attempt.HeldAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How many short tasks a worker holds ahead of its slots, and when it hands them back. Not thread-safe:
 * the agent calls it with its lock held.
 *
 * <p>None are held until attempts have ended; then as many as end within {@link WorkerInfo#SHORT_TASK} by
 * their average duration, at most {@link WorkerInfo#prefetch()}. Short tasks then start back to back and
 * their ends and next leases travel in batches; a worker whose tasks take longer holds none ahead, so that
 * long tasks wait for the first free slot anywhere rather than in one worker's line. Tasks held ahead go
 * back when the slots that would take them all run attempts longer than {@link #HAND_BACK_AFTER}.
 */
public final class Prefetch {
    /**
     * A task held ahead of the slots waits at most about this long behind running ones: when the
     * attempts in the slots have all run longer, the worker hands the tasks it holds back to the
     * coordinator, for the first free slot anywhere.
     */
    public static final Duration HAND_BACK_AFTER = WorkerInfo.SHORT_TASK.multipliedBy(20);
    /**
     * Short tasks a worker holds per slot at most, and by default: 1,024 slots with 8 each stay within
     * what the coordinator takes (10,000 held).
     */
    public static final int MAX_PER_SLOT = 8;
    /** How much the newest attempt's duration weighs in the average that decides how many tasks are held ahead. */
    private static final double WEIGHT_OF_NEWEST = 0.2;

    private final int slots;
    private final int most;
    /** The attempts' average duration in nanoseconds, newest weighing most; NaN before the first ends. */
    private double averageAttemptNanos = Double.NaN;

    /** For a worker with these slots, holding at most its {@link WorkerInfo#prefetch()} ahead. */
    public Prefetch(WorkerInfo info) {
        this.slots = info.slots();
        this.most = info.prefetch();
    }

    /** An attempt ended after this long. */
    public void ended(long tookNanos) {
        averageAttemptNanos = Double.isNaN(averageAttemptNanos) ? tookNanos
                : averageAttemptNanos + WEIGHT_OF_NEWEST * (tookNanos - averageAttemptNanos);
    }

    /** How many tasks to hold beyond the slots now, with these attempts held. */
    public int ahead(Collection<HeldAttempt> held, long now) {
        return ahead(slots - longRunning(held, now));
    }

    /** How many tasks to hold beyond the slots, for this many slots whose attempts are short. */
    private int ahead(int shortSlots) {
        if (most == 0 || Double.isNaN(averageAttemptNanos) || shortSlots <= 0) {
            return 0;
        }
        double perSlot = Math.floor(WorkerInfo.SHORT_TASK.toNanos() / Math.max(1.0, averageAttemptNanos));
        return (int) Math.min(most, perSlot * shortSlots);
    }

    /**
     * Whether the worker runs short of work, so that ends are reported at once: a slot is idle, or the
     * tasks held ahead are down to half.
     */
    public boolean shortOfWork(Collection<HeldAttempt> held, long now) {
        return held.size() - slots <= ahead(held, now) / 2;
    }

    /** The attempts that have run longer than {@link #HAND_BACK_AFTER}. */
    private static int longRunning(Collection<HeldAttempt> held, long now) {
        int count = 0;
        for (HeldAttempt r : held) {
            if (!r.isWaiting() && now - r.began() > HAND_BACK_AFTER.toNanos()) {
                count++;
            }
        }
        return count;
    }

    /**
     * What to hand back now.
     *
     * @param attempts the waiting attempts to hand back to the coordinator
     * @param nextCheckNanos the nanoseconds until it should look again; {@code -1}: when woken
     */
    public record HandBack(List<HeldAttempt> attempts, long nextCheckNanos) {
    }

    /**
     * The tasks held ahead that the slots whose attempts are short cannot take soon: none while every
     * attempt is short; all of them when every slot runs a long one.
     */
    public HandBack handBack(Collection<HeldAttempt> held, long now) {
        List<HeldAttempt> waiting = new ArrayList<>();
        long firstTurnsLong = Long.MAX_VALUE;
        int longOnes = 0;
        for (HeldAttempt r : held) {
            if (r.isWaiting()) {
                waiting.add(r);
            } else if (now - r.began() > HAND_BACK_AFTER.toNanos()) {
                longOnes++;
            } else {
                firstTurnsLong = Math.min(firstTurnsLong, r.began() + HAND_BACK_AFTER.toNanos() - now);
            }
        }
        if (waiting.isEmpty()) {
            return new HandBack(List.of(), -1);
        }
        List<HeldAttempt> back = List.of();
        if (longOnes > 0) {
            // those that free slots soon take what they can; the others go back
            int keep = Math.max(0, slots - longOnes) + ahead(slots - longOnes);
            back = List.copyOf(waiting.subList(Math.min(keep, waiting.size()), waiting.size()));
        }
        return new HandBack(back, firstTurnsLong == Long.MAX_VALUE ? HAND_BACK_AFTER.toNanos()
                : Math.max(1_000_000, firstTurnsLong));
    }
}
