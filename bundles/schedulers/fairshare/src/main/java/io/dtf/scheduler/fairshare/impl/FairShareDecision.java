package io.dtf.scheduler.fairshare.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One fair-share decision. A tenant's charge is its decayed slot-seconds (the coordinator's
 * {@code TenantUsage}, halved every usage half-life, which records an attempt when it ends) plus the
 * time its attempts on workers now have run so far, at least a second each while they are that
 * young, so that the slots a tenant holds count from the start ({@code TenantUsage.runningSlotSeconds},
 * which the coordinator keeps; summed from the running tasks when the usage does not keep it).
 * Within the decision every assignment adds the task's duration estimate to its tenant's charge, so
 * that the slots of one decision are spread too. Charging running attempts for their full estimate
 * instead would count their future twice over (usage gets the whole duration at the end,
 * undecayed): in the simulation of the tests that costs tenants of 5 to 15 minute tasks 6 to 7% of
 * their share.
 *
 * <p>Each slot goes to the tenant lowest by charge per weight that has a task the worker can run,
 * the older task between equals. The tenants are kept in that order, so a slot looks at the
 * worker's requirement classes for the first tenants only, usually one. Each requirement class is
 * walked per tenant from its oldest task, opened only when its tenant is looked at, and only as far
 * as tasks are assigned: the queue is never scanned.
 */
final class FairShareDecision {
    /** The least a held slot or an assignment adds to a charge, so that a zero cannot win every slot. */
    private static final double MIN_CHARGE_SECONDS = 1.0;

    private final SchedulingContext context;
    private final Weights weights;
    private final Map<String, Account> accounts = new HashMap<>();
    /** The accounts of {@link #accounts}, lowest charge per weight first. */
    private Account[] byShare = new Account[8];
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
        List<ClassCursors> eligible = new ArrayList<>();
        for (FreeSlots slots : context.freeSlots()) {
            eligible.clear();
            for (ClassCursors cursors : classes) {
                if (cursors.group.requirements().satisfiedBy(slots.capabilities())) {
                    cursors.open();
                    eligible.add(cursors);
                }
            }
            for (int free = slots.free(); free > 0; free--) {
                TenantCursor pick = pick(eligible);
                if (pick == null) {
                    unfilledSlots += free;
                    break;
                }
                assignments.add(new Assignment(pick.head.id(), slots.worker()));
                charge(pick.account, seconds(pick.head));
                pick.advance();
            }
        }
        return assignments;
    }

    int unfilledSlots() {
        return unfilledSlots;
    }

    /**
     * The task for a slot of a worker that serves these classes: the oldest of the tenant lowest by
     * charge per weight among those with one; the older between tenants of equal charge per weight.
     */
    private TenantCursor pick(List<ClassCursors> eligible) {
        TenantCursor pick = null;
        for (int rank = 0; rank < accounts.size(); rank++) {
            Account account = byShare[rank];
            if (pick != null && account.share() > pick.account.share()) {
                break; // the rest are further above their share
            }
            for (ClassCursors cursors : eligible) {
                TenantCursor cursor = cursors.of(account);
                if (cursor != null && cursor.head() != null && (pick == null || cursor.before(pick))) {
                    pick = cursor;
                }
            }
        }
        return pick;
    }

    private Account account(String tenant) {
        Account account = accounts.get(tenant);
        if (account == null) {
            double charge = context.usage().slotSeconds(tenant) + running(tenant);
            account = new Account(accounts.size(), charge, weights.of(tenant));
            accounts.put(tenant, account);
            if (account.index == byShare.length) {
                byShare = Arrays.copyOf(byShare, 2 * byShare.length);
            }
            byShare[account.index] = account;
            account.rank = account.index;
            charge(account, 0);
        }
        return account;
    }

    /** Adds to the account's charge and moves it up the order to its place. */
    private void charge(Account account, double seconds) {
        account.charge += seconds;
        int rank = account.rank;
        while (rank > 0 && byShare[rank - 1].share() > account.share()) {
            moveTo(byShare[rank - 1], rank);
            rank--;
        }
        while (rank + 1 < accounts.size() && byShare[rank + 1].share() < account.share()) {
            moveTo(byShare[rank + 1], rank);
            rank++;
        }
        moveTo(account, rank);
    }

    private void moveTo(Account account, int rank) {
        byShare[rank] = account;
        account.rank = rank;
    }

    /** Slot-seconds the tenant's attempts on workers now have run: kept by the usage, or summed here. */
    private double running(String tenant) {
        double kept = context.usage().runningSlotSeconds(tenant);
        return Double.isNaN(kept) ? runningCharges().getOrDefault(tenant, 0.0) : kept;
    }

    /** {@code runningSlotSeconds} per tenant from the running tasks, for usage that does not keep it; summed once. */
    private Map<String, Double> runningCharges() {
        if (runningCharges == null) {
            Map<String, double[]> sums = new HashMap<>(); // tenant -> {attempts, seconds}
            for (RunningTask running : context.running()) {
                double[] sum = sums.computeIfAbsent(running.task().tenant(), t -> new double[2]);
                sum[0]++;
                sum[1] += Math.max(0, Duration.between(running.since(), context.now()).toMillis() / 1000.0);
            }
            runningCharges = new HashMap<>();
            sums.forEach((tenant, sum) -> runningCharges.put(tenant, Math.max(sum[1], sum[0] * MIN_CHARGE_SECONDS)));
        }
        return runningCharges;
    }

    private double seconds(Task task) {
        Duration estimate = context.estimates().estimate(task);
        return estimate == null ? MIN_CHARGE_SECONDS : Math.max(MIN_CHARGE_SECONDS, estimate.toMillis() / 1000.0);
    }

    /** A tenant's charge in this decision, its weight, and its place in {@link #byShare}. */
    private static final class Account {
        final int index;
        double charge;
        final double weight;
        int rank;

        Account(int index, double charge, double weight) {
            this.index = index;
            this.charge = charge;
            this.weight = weight;
        }

        double share() {
            return charge / weight;
        }
    }

    /** One requirement class: a cursor per tenant (by account), made the first time a worker can serve the class. */
    private final class ClassCursors {
        final PendingGroup group;
        TenantCursor[] byAccount;

        ClassCursors(PendingGroup group) {
            this.group = group;
        }

        void open() {
            if (byAccount == null) {
                byAccount = new TenantCursor[accounts.size() + group.tenants().size()];
                for (String tenant : group.tenants()) {
                    Account account = account(tenant); // its index is below the length: at most one new account each
                    byAccount[account.index] = new TenantCursor(group, tenant, account);
                }
            }
        }

        /** The tenant's cursor; {@code null} when the class has no task of the tenant. */
        TenantCursor of(Account account) {
            return account.index < byAccount.length ? byAccount[account.index] : null;
        }
    }

    /**
     * One tenant's tasks of one class, oldest first, past those this decision assigned. It looks up
     * its first task only when asked, and iterates only once that one is assigned.
     */
    private static final class TenantCursor {
        final PendingGroup group;
        final String tenant;
        final Account account;
        PendingGroup tasks;
        Iterator<Task> rest;
        Task head;

        TenantCursor(PendingGroup group, String tenant, Account account) {
            this.group = group;
            this.tenant = tenant;
            this.account = account;
        }

        Task head() {
            if (tasks == null) {
                tasks = group.ofTenant(tenant);
                head = tasks.size() == 0 ? null : tasks.first();
            }
            return head;
        }

        /** Past the head, which was assigned. */
        void advance() {
            if (rest == null) {
                rest = tasks.iterator();
                rest.next(); // the head
            }
            head = rest.hasNext() ? rest.next() : null;
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
