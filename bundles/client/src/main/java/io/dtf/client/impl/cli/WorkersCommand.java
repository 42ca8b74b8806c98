package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.Page;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.client.DtfClient;
import io.dtf.client.ItemPage;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dtf workers}. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Lists the workers with their state, busy slots and labels.")
final class WorkersCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Override
    public Integer call() {
        ItemPage<WorkerStatus> workers;
        try (DtfClient client = dtf.connect()) {
            workers = client.workers(new Page(0, Page.MAX_LIMIT));
        }
        Cli cli = dtf.cli();
        if (workers.items().isEmpty()) {
            cli.out.println("no workers");
            return DtfCli.OK;
        }
        Table table = new Table("WORKER", "NAME", "HOST", "STATE", "BUSY", "FINISHED", "LAST SEEN", "OS", "CPUS",
                "LABELS");
        Instant now = Instant.now();
        for (WorkerStatus w : workers.items()) {
            table.row(w.info().id(), w.info().name(), w.info().host(), w.state(),
                    w.busySlots() + "/" + w.info().slots(), w.tasksFinished(),
                    w.lastSeen() == null ? null : Durations.format(Duration.between(w.lastSeen(), now)) + " ago",
                    w.info().capabilities().os() + "/" + w.info().capabilities().arch(), w.info().capabilities().cpus(),
                    String.join(",", new TreeSet<>(w.info().capabilities().labels())));
        }
        table.print(cli.out);
        cli.more(workers, "workers");
        return DtfCli.OK;
    }
}
