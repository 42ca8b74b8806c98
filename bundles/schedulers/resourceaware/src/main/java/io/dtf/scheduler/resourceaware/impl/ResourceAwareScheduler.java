package io.dtf.scheduler.resourceaware.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Best-fit bin packing. Queued tasks are taken oldest first, as with FIFO, but each goes to the
 * worker that it fits tightest: the one left with the least spare CPU, memory and slots, and
 * without scarce features (GPU, browsers, WebGPU, WebNN) the task does not need. A worker's spare
 * resources are its capabilities minus what the tasks running on it asked for, so a task needing
 * 2 CPUs takes 2 of them. A task goes only to a worker that has every capability it requires and
 * room for its CPUs and memory; a task that finds no room waits, and after
 * {@code reserveAfterSeconds} the worker closest to fitting it is kept free for it.
 *
 * <p>Within one decision resources only shrink, so a requirement class that fits nowhere is set
 * aside for the rest of the decision: the cost is a heap of requirement-class heads plus a look
 * at the free workers per assignment, never a scan of the queue.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + ResourceAwareScheduler.NAME,
        configurationPid = "io.dtf.scheduler.resourceaware")
@Designate(ocd = ResourceAwareConfig.class)
public final class ResourceAwareScheduler implements SchedulerPlugin {
    public static final String NAME = "resource-aware";

    private static final Comparator<Cursor> OLDEST_HEAD = Comparator.comparingLong(cursor -> cursor.head.seq());

    private volatile Settings settings;
    private final AtomicLong assigned = new AtomicLong();
    private final AtomicLong noRoom = new AtomicLong();
    private final AtomicLong reservations = new AtomicLong();

    /** With the default settings (as without a configuration). */
    public ResourceAwareScheduler() {
        this(Settings.DEFAULTS);
    }

    public ResourceAwareScheduler(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(ResourceAwareConfig config) {
        String gpuLabel = config.gpuLabel() == null || config.gpuLabel().isBlank() ? null : config.gpuLabel().trim();
        settings = new Settings(config.defaultCpus(), config.defaultMemoryMb(), gpuLabel,
                Duration.ofSeconds(config.reserveAfterSeconds()));
    }

    /**
     * What the scheduler assumes about tasks that name no resources.
     *
     * @param defaultCpus CPUs a task takes when its requirements name none (0: only a slot)
     * @param defaultMemoryMb memory a task takes when its requirements name none
     * @param gpuLabel the worker label that marks a GPU, or {@code null} for none
     * @param reserveAfter how long a task may find no room before a worker is kept free for it
     *     ({@link Duration#ZERO}: never)
     */
    public record Settings(int defaultCpus, long defaultMemoryMb, String gpuLabel, Duration reserveAfter) {
        public static final Settings DEFAULTS = new Settings(1, 0, "gpu", Duration.ofMinutes(5));
    }

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        List<FreeSlots> freeSlots = context.freeSlots();
        if (freeSlots.isEmpty() || context.pending().size() == 0) {
            return List.of();
        }
        Settings current = settings;
        Bins bins = new Bins(freeSlots, context.running(), current);
        PriorityQueue<Cursor> heads = new PriorityQueue<>(OLDEST_HEAD);
        for (PendingGroup group : context.pending().groups()) {
            Cursor cursor = new Cursor(group, Claim.of(group.requirements(), current));
            if (cursor.head != null) {
                heads.add(cursor);
            }
        }
        List<Assignment> assignments = new ArrayList<>();
        boolean reserved = false;
        while (bins.slotsLeft > 0 && !heads.isEmpty()) {
            Cursor cursor = heads.poll();
            List<Bin> eligible = cursor.eligible(bins);
            Bin best = bins.bestFit(eligible, cursor.claim);
            if (best == null) {
                // No room for this class now, nor later in this decision: resources only shrink.
                noRoom.incrementAndGet();
                if (!reserved && waitedTooLong(cursor.head, context.now(), current)) {
                    reserved = bins.reserveClosest(eligible, cursor.claim);
                    if (reserved) {
                        reservations.incrementAndGet();
                    }
                }
                continue;
            }
            assignments.add(new Assignment(cursor.head.id(), best.worker));
            bins.take(best, cursor.claim);
            cursor.advance();
            if (cursor.head != null) {
                heads.add(cursor);
            }
        }
        assigned.addAndGet(assignments.size());
        return assignments;
    }

    private static boolean waitedTooLong(Task task, Instant now, Settings settings) {
        return !settings.reserveAfter().isZero() && task.createdAt() != null
                && !task.createdAt().plus(settings.reserveAfter()).isAfter(now);
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("assigned", assigned.get(), "noRoom", noRoom.get(), "reservations", reservations.get());
    }

    /** The free workers of one decision with their spare resources. */
    static final class Bins {
        final List<Bin> all = new ArrayList<>();
        final double maxCpus;
        final double maxMemory;
        final double maxSlots;
        int slotsLeft;

        Bins(List<FreeSlots> freeSlots, List<RunningTask> running, Settings settings) {
            Map<WorkerId, Bin> byWorker = new HashMap<>(freeSlots.size() * 2);
            for (FreeSlots slots : freeSlots) {
                Bin bin = new Bin(slots, settings);
                all.add(bin);
                byWorker.put(slots.worker(), bin);
            }
            for (RunningTask task : running) {
                Bin bin = byWorker.get(task.worker());
                if (bin != null) {
                    bin.cpusUsed += Claim.cpus(task.task().requirements(), settings);
                    bin.memoryUsed += Claim.memoryMb(task.task().requirements(), settings);
                    bin.knownRunning++;
                }
            }
            double cpus = 1;
            double memory = 1;
            double slotCount = 1;
            for (Bin bin : all) {
                bin.countUnknownLoad(settings);
                slotsLeft += bin.free;
                cpus = Math.max(cpus, bin.cpuCapacity);
                memory = Math.max(memory, bin.memoryKnown ? bin.memoryCapacity : 0);
                slotCount = Math.max(slotCount, bin.slotCount);
            }
            maxCpus = cpus;
            maxMemory = memory;
            maxSlots = slotCount;
        }

        /** The eligible worker with room that the claim leaves with the least to spare, or null. */
        Bin bestFit(List<Bin> eligible, Claim claim) {
            Bin best = null;
            double bestScore = Double.MAX_VALUE;
            for (Bin bin : eligible) {
                if (bin.fits(claim)) {
                    double score = leftover(bin, claim) + bin.wasted(claim);
                    if (score < bestScore) {
                        best = bin;
                        bestScore = score;
                    }
                }
            }
            return best;
        }

        /** Spare CPU, memory and slots left after the claim, each relative to the largest free worker. */
        double leftover(Bin bin, Claim claim) {
            double cpus = (bin.cpuCapacity - bin.cpusUsed - claim.cpus()) / maxCpus;
            double memory = bin.memoryKnown ? (bin.memoryCapacity - bin.memoryUsed - claim.memoryMb()) / maxMemory : 0;
            return cpus + memory + (bin.free - 1) / maxSlots;
        }

        void take(Bin bin, Claim claim) {
            bin.cpusUsed += claim.cpus();
            bin.memoryUsed += claim.memoryMb();
            bin.free--;
            slotsLeft--;
        }

        /** Keeps the eligible worker nearest to fitting the claim free for the rest of the decision. */
        boolean reserveClosest(List<Bin> eligible, Claim claim) {
            Bin closest = null;
            double shortest = Double.MAX_VALUE;
            for (Bin bin : eligible) {
                if (!bin.reserved) {
                    double shortfall = Math.max(0, bin.cpusUsed + claim.cpus() - bin.cpuCapacity) / maxCpus
                            + (bin.memoryKnown ? Math.max(0, bin.memoryUsed + claim.memoryMb() - bin.memoryCapacity)
                                    / maxMemory : 0);
                    if (shortfall < shortest) {
                        closest = bin;
                        shortest = shortfall;
                    }
                }
            }
            if (closest == null) {
                return false;
            }
            closest.reserved = true;
            slotsLeft -= closest.free;
            return true;
        }
    }

    /** A free worker during one decision. */
    static final class Bin {
        final FreeSlots slots;
        final WorkerId worker;
        final int slotCount;
        final double cpuCapacity;
        final boolean memoryKnown;
        final double memoryCapacity;
        final boolean gpu;
        int free;
        int knownRunning;
        double cpusUsed;
        double memoryUsed;
        boolean reserved;

        Bin(FreeSlots slots, Settings settings) {
            this.slots = slots;
            this.worker = slots.worker();
            this.slotCount = slots.slots();
            this.free = slots.free();
            // A worker that does not say how many CPUs it has is taken to have one per slot.
            this.cpuCapacity = slots.capabilities().cpus() > 0 ? slots.capabilities().cpus()
                    : (double) Math.max(1, settings.defaultCpus()) * Math.max(slots.slots(), slots.free());
            this.memoryKnown = slots.capabilities().memoryMb() > 0;
            this.memoryCapacity = memoryKnown ? slots.capabilities().memoryMb() : Double.MAX_VALUE;
            this.gpu = settings.gpuLabel() != null && slots.capabilities().labels().contains(settings.gpuLabel());
        }

        /** Busy slots whose tasks the context did not list take the default claim each. */
        void countUnknownLoad(Settings settings) {
            int unknown = Math.max(0, slotCount - free - knownRunning);
            cpusUsed += (double) unknown * settings.defaultCpus();
            memoryUsed += (double) unknown * settings.defaultMemoryMb();
        }

        boolean fits(Claim claim) {
            return free > 0 && !reserved && cpusUsed + claim.cpus() <= cpuCapacity
                    && memoryUsed + claim.memoryMb() <= memoryCapacity;
        }

        /** Whether the worker could take the claim when idle: capabilities and total resources. */
        boolean couldEverFit(PendingGroup group, Claim claim) {
            return group.requirements().satisfiedBy(slots.capabilities()) && claim.cpus() <= cpuCapacity
                    && claim.memoryMb() <= memoryCapacity;
        }

        /** Scarce features this worker offers that the claim does not use: they should stay free. */
        double wasted(Claim claim) {
            double waste = 0;
            if (gpu && !claim.gpu()) {
                waste += 2;
            }
            if (!slots.capabilities().browsers().isEmpty() && !claim.browser()) {
                waste += 0.5;
            }
            if (slots.capabilities().webgpu() && !claim.webgpu()) {
                waste += 0.5;
            }
            if (slots.capabilities().webnn() && !claim.webnn()) {
                waste += 0.5;
            }
            return waste;
        }
    }

    /** Walks one requirement class oldest first; knows which free workers could run it. */
    static final class Cursor {
        final PendingGroup group;
        final Claim claim;
        final Iterator<Task> tasks;
        List<Bin> eligible;
        Task head;

        Cursor(PendingGroup group, Claim claim) {
            this.group = group;
            this.claim = claim;
            this.tasks = group.iterator();
            advance();
        }

        void advance() {
            head = tasks.hasNext() ? tasks.next() : null;
        }

        List<Bin> eligible(Bins bins) {
            if (eligible == null) {
                eligible = new ArrayList<>();
                for (Bin bin : bins.all) {
                    if (bin.couldEverFit(group, claim)) {
                        eligible.add(bin);
                    }
                }
            }
            return eligible;
        }
    }
}
