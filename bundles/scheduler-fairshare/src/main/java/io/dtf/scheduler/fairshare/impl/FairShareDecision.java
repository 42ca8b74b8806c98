package io.dtf.scheduler.fairshare.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One fair-share decision. A tenant's charge is its decayed slot-seconds (the coordinator's
 * {@code TenantUsage}, halved every usage half-life, which records an attempt when it ends) plus the
 * time its attempts on workers now have run so far, at least a second each so that the slots a
 * tenant holds count from the start. Within the decision every assignment adds the task's
 * duration estimate to its tenant's charge, so that the slots of one decision are spread too.
 * Charging running attempts for their full estimate instead would count their future twice over
 * (usage gets the whole duration at the end, undecayed): in the simulation of the tests that costs
 * tenants of 5 to 15 minute tasks 6 to 7% of their share. Each requirement class is walked per
 * tenant from its oldest task, and only as far as tasks are assigned: the queue is never scanned.
 */
final class FairShareDecision {
    /** The least a held slot or an assignment adds to a charge, so that a zero cannot win every slot. */
    private static final double MIN_CHARGE_SECONDS = 1.0;

    private final SchedulingContext context;
    private final Weights weights;
    private final Map<String, Account> accounts = new HashMap<>();
    private Map<String, Double> runningCharges;
    private int unfilledSlots;

    FairShareDecision(SchedulingContext context, Weights weights) {
        this.context = context;
        this.weights = weights;
    }

    List<Assignment> decide() {
        List<ClassCursors> classes = new ArrayList<>();
        for (PendingGroup group : context.pending().groups()) {
            classes.add(new ClassCursors(group));
        }
        List<Assignment> assignments = new ArrayList<>();
        for (FreeSlots slots : context.freeSlots()) {
            List<TenantCursor> eligible = new ArrayList<>();
            for (ClassCursors cursors : classes) {
                if (cursors.group.requirements().satisfiedBy(slots.capabilities())) {
                    eligible.addAll(cursors.perTenant());
                }
            }
            for (int free = slots.free(); free > 0; free--) {
                TenantCursor pick = null;
                for (TenantCursor cursor : eligible) {
                    if (cursor.head != null && (pick == null || cursor.before(pick))) {
                        pick = cursor;
                    }
                }
                if (pick == null) {
                    unfilledSlots += free;
                    break;
                }
                assignments.add(new Assignment(pick.head.id(), slots.worker()));
                pick.account.charge += seconds(pick.head);
                pick.advance();
            }
        }
        return assignments;
    }

    int unfilledSlots() {
        return unfilledSlots;
    }

    private Account account(String tenant) {
        Account account = accounts.get(tenant);
        if (account == null) {
            double charge = context.usage().slotSeconds(tenant) + runningCharges().getOrDefault(tenant, 0.0);
            account = new Account(charge, weights.of(tenant));
            accounts.put(tenant, account);
        }
        return account;
    }

    /** Slot-seconds per tenant that the attempts on workers now have run; computed once, when first needed. */
    private Map<String, Double> runningCharges() {
        if (runningCharges == null) {
            runningCharges = new HashMap<>();
            for (RunningTask running : context.running()) {
                double ran = Math.max(0, Duration.between(running.since(), context.now()).toMillis() / 1000.0);
                runningCharges.merge(running.task().tenant(), Math.max(MIN_CHARGE_SECONDS, ran), Double::sum);
            }
        }
        return runningCharges;
    }

    private double seconds(Task task) {
        Duration estimate = context.estimates().estimate(task);
        return estimate == null ? MIN_CHARGE_SECONDS : Math.max(MIN_CHARGE_SECONDS, estimate.toMillis() / 1000.0);
    }

    /** A tenant's charge in this decision, and its weight. */
    private static final class Account {
        double charge;
        final double weight;

        Account(double charge, double weight) {
            this.charge = charge;
            this.weight = weight;
        }

        double share() {
            return charge / weight;
        }
    }

    /** One requirement class: a cursor per tenant, made the first time a worker can serve the class. */
    private final class ClassCursors {
        final PendingGroup group;
        List<TenantCursor> perTenant;

        ClassCursors(PendingGroup group) {
            this.group = group;
        }

        List<TenantCursor> perTenant() {
            if (perTenant == null) {
                perTenant = new ArrayList<>();
                for (String tenant : group.tenants()) {
                    perTenant.add(new TenantCursor(group.ofTenant(tenant).iterator(), account(tenant)));
                }
            }
            return perTenant;
        }
    }

    /** One tenant's tasks of one class, oldest first, past those this decision assigned. */
    private static final class TenantCursor {
        final Iterator<Task> tasks;
        final Account account;
        Task head;

        TenantCursor(Iterator<Task> tasks, Account account) {
            this.tasks = tasks;
            this.account = account;
            advance();
        }

        void advance() {
            head = tasks.hasNext() ? tasks.next() : null;
        }

        /** Lower charge per weight first; the older task between equals, and within one tenant. */
        boolean before(TenantCursor other) {
            if (account != other.account) {
                int byShare = Double.compare(account.share(), other.account.share());
                if (byShare != 0) {
                    return byShare < 0;
                }
            }
            return head.seq() < other.head.seq();
        }
    }
}
