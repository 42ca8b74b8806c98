package io.dtf.shell.impl;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.PoolStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "pool",
        description = "Shows the browser pool: browsers by state with their uses, health, lease, probed WebGPU and "
                + "WebNN, and memory (PSS, MB); the leases held; counters (leases, refusals, sessions, retries, faults "
                + "by kind); job history (median, p95, slow jobs) and what the pool cleaned up after an earlier run.")
@Service
public class PoolCommand extends PoolAction {
    /** History rows and slow jobs shown without {@code --all}. */
    static final int SHORT_HISTORY = 10;
    static final int SHORT_SLOW_JOBS = 5;

    @Option(name = "-a", aliases = "--all", description = "List every job key of the history and every slow job "
            + "(else the first " + SHORT_HISTORY + " and the latest " + SHORT_SLOW_JOBS + "), and the browsers' "
            + "process ids")
    boolean all;

    @Override
    void run(PrintStream out) {
        if (pool == null) {
            out.println(NOT_RUNNING);
            return;
        }
        PoolStatus status = pool.status();
        ZoneId zone = clock.getZone();
        out.println("Browser pool at " + Format.timestamp(status.at(), zone) + ": " + PoolFormat.summary(status));
        out.println("  " + PoolFormat.counters(status.counters()));
        printCleanup(out, status.cleanup(), zone);
        out.println();
        printBrowsers(out, status);
        out.println();
        printLeases(out, status, zone);
        out.println();
        printHistory(out, status.history());
        if (!status.slowJobs().isEmpty()) {
            out.println();
            printSlowJobs(out, status.slowJobs(), status.at());
        }
    }

    private void printBrowsers(PrintStream out, PoolStatus status) {
        out.println("Browsers:");
        ShellTable table = new ShellTable().emptyTableText("No browser is running (each profile starts its browsers "
                + "when a lease needs one, and keeps its min warm)");
        table.column("ID");
        table.column("Profile");
        table.column("Backend");
        table.column("State");
        table.column("Uses").alignRight();
        table.column("Started");
        table.column("Last used");
        table.column("Health").maxSize(50);
        table.column("Lease");
        table.column("WebGPU").maxSize(40);
        table.column("WebNN").maxSize(50);
        table.column("Memory").alignRight();
        if (all) {
            table.column("PIDs");
        }
        for (PoolStatus.Browser b : status.browsers()) {
            BrowserCapabilities probed = b.capabilities();
            Row row = table.addRow();
            row.addContent(b.id(), b.profile(), b.backend(), b.state(), PoolFormat.uses(b),
                    Format.ago(b.startedAt(), status.at()), Format.ago(b.lastUsedAt(), status.at()),
                    Format.orNone(b.health()), Format.orNone(b.leaseId()),
                    probed == null ? "not probed yet" : PoolFormat.webgpu(probed.webgpu()),
                    probed == null ? "not probed yet" : PoolFormat.webnn(probed.webnn()), PoolFormat.memory(b));
            if (all) {
                row.addContent(b.pids().isEmpty() ? Format.NONE
                        : b.pids().stream().map(String::valueOf).collect(Collectors.joining(" ")));
            }
        }
        table.print(out);
    }

    private static void printLeases(PrintStream out, PoolStatus status, ZoneId zone) {
        out.println("Leases:");
        ShellTable table = new ShellTable().emptyTableText("No lease is held");
        table.column("ID");
        table.column("Owner").maxSize(50);
        table.column("Browser");
        table.column("Held for").alignRight();
        table.column("Reclaim at");
        for (PoolStatus.Lease lease : status.leases()) {
            table.addRow().addContent(lease.id(), Format.orNone(lease.owner()), Format.orNone(lease.browserId()),
                    Format.between(lease.leasedAt(), status.at()), reclaimAt(lease.reclaimAt(), status.at(), zone));
        }
        table.print(out);
    }

    /** {@code 2026-12-07 10:45:00 (in 4m30s)}. */
    static String reclaimAt(Instant at, Instant now, ZoneId zone) {
        if (at == null) {
            return Format.NONE;
        }
        Duration left = Duration.between(now, at);
        return Format.timestamp(at, zone) + (left.isNegative() ? " (due)" : " (in " + Format.duration(left) + ")");
    }

    private void printHistory(PrintStream out, List<PoolStatus.JobHistory> history) {
        List<PoolStatus.JobHistory> shown = titled(out, "Job history", history, SHORT_HISTORY, " keys");
        ShellTable table = new ShellTable().emptyTableText("No job has run in the pool yet");
        table.column("Key").maxSize(40);
        table.column("Profile");
        table.column("Backend");
        table.column("Jobs").alignRight();
        table.column("Median").alignRight();
        table.column("p95").alignRight();
        table.column("Last").alignRight();
        table.column("Slow").alignRight();
        for (PoolStatus.JobHistory h : shown) {
            table.addRow().addContent(h.key(), h.profile(), h.backend(), h.count(), Format.duration(h.median()),
                    Format.duration(h.p95()), Format.duration(h.last()), h.slow());
        }
        table.print(out);
    }

    private void printSlowJobs(PrintStream out, List<PoolStatus.SlowJob> slowJobs, Instant now) {
        List<PoolStatus.SlowJob> shown = titled(out, "Slow jobs, newest first", slowJobs, SHORT_SLOW_JOBS, "");
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("Key").maxSize(40);
        table.column("Profile");
        table.column("Backend");
        table.column("Took").alignRight();
        table.column("Median").alignRight();
        table.column("Slower").alignRight();
        for (PoolStatus.SlowJob job : shown) {
            table.addRow().addContent(Format.ago(job.at(), now), job.key(), job.profile(), job.backend(),
                    Format.duration(job.took()), Format.duration(job.median()), PoolFormat.slower(job.percentSlower()));
        }
        table.print(out);
    }

    /**
     * Prints a table's title and gives the rows to show: all with {@code --all}, else the first {@code limit}, saying
     * so in the title ({@code Job history (10 of 12 keys; --all lists every one):}).
     */
    private <T> List<T> titled(PrintStream out, String title, List<T> rows, int limit, String unit) {
        List<T> shown = all ? rows : rows.subList(0, Math.min(rows.size(), limit));
        out.println(title + (shown.size() < rows.size() ? " (" + shown.size() + " of " + rows.size() + unit
                + "; --all lists every one)" : "") + ":");
        return shown;
    }

    /** One line when the pool found processes or leases of an earlier run at its start; nothing otherwise. */
    private static void printCleanup(PrintStream out, PoolStatus.Cleanup cleanup, ZoneId zone) {
        if (cleanup == null || cleanup.isEmpty()) {
            return;
        }
        out.println("  at start (" + Format.timestamp(cleanup.at(), zone) + ") it cleaned up after an earlier run: "
                + "killed processes " + cleanup.killedPids() + ", leases never returned " + cleanup.leases()
                + ", profile directories removed " + cleanup.removedDirs().size());
    }
}
