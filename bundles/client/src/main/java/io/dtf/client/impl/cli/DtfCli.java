package io.dtf.client.impl.cli;

import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.client.DtfClient;
import io.dtf.client.ItemPage;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpTransportException;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code dtf}, the command-line client: what a CI job runs. Exit codes: 0 success (for
 * {@code submit --wait}: every task passed), 1 the run did not pass or the server reported an error,
 * 2 bad usage.
 */
public final class DtfCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String DEFAULT_URL = "http://localhost:8181";

    private static final Set<String> VALUE_OPTIONS = Set.of("--url", "--token", "--junit-xml", "--attempt", "--tail",
            "--tenant", "--limit", "--offset", "--state");
    private static final Set<String> FLAGS = Set.of("--wait", "--help", "-h", "--version");
    private static final Set<String> GLOBAL = Set.of("--url", "--token", "--help", "-h");
    private static final Set<TaskState> NOT_PASSED = EnumSet.of(TaskState.FAILED, TaskState.ERROR,
            TaskState.TIMED_OUT, TaskState.CANCELLED);

    static final String USAGE_TEXT = """
            usage: dtf [--url URL] [--token TOKEN] COMMAND [ARGS]

            commands:
              submit PLAN [--wait] [--junit-xml FILE]
                                   submit a plan (a YAML or JSON file, or - for standard input); with --wait,
                                   follow the run to its end and exit 0 only when every task passed;
                                   --junit-xml writes every test case of the run as JUnit XML (implies --wait)
              wait RUN [--junit-xml FILE]
                                   follow a submitted run to its end, like submit --wait
              runs [--tenant T] [--limit N] [--offset N]
                                   list runs, newest first
              run RUN [--state S,S]
                                   a run and its tasks
              workers              list the workers
              cancel ID            cancel a run (r12) or one task (r12.3)
              logs TASK [--attempt N] [--tail N]
                                   print a task's log (the latest attempt unless --attempt)

            options:
              --url URL            the coordinator (default: $DTF_URL, else http://localhost:8181)
              --token TOKEN        bearer token (default: $DTF_TOKEN); prefer the variable: options show in ps
              --help, --version

            exit codes: 0 success, 1 the run did not pass or the server reported an error, 2 bad usage
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final ZoneId zone;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration plainInterval = Duration.ofSeconds(5);
    private Duration giveUpUnreachable = Duration.ofMinutes(10);
    private InputStream stdin = System.in;

    DtfCli(Map<String, String> env, PrintStream out, PrintStream err, boolean tty, ZoneId zone) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.zone = zone;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new DtfCli(System.getenv(), out, err, System.console() != null, ZoneId.systemDefault()).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Visible for testing: how often a waiting client asks, and how often a plain progress line is printed. */
    DtfCli intervals(Duration poll, Duration plainLines, Duration unreachable) {
        this.pollInterval = poll;
        this.plainInterval = plainLines;
        this.giveUpUnreachable = unreachable;
        return this;
    }

    DtfCli stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... argv) {
        Args args;
        try {
            args = Args.parse(argv, VALUE_OPTIONS, FLAGS);
            if (args.has("--version")) {
                out.println("dtf " + version());
                return OK;
            }
            if (args.has("--help") || args.has("-h") || (!args.positional().isEmpty()
                    && args.positional().get(0).equals("help"))) {
                out.print(USAGE_TEXT);
                return OK;
            }
            if (args.positional().isEmpty()) {
                throw new UsageException("no command given");
            }
        } catch (UsageException e) {
            return usage(e);
        }
        String command = args.positional().get(0);
        List<String> operands = args.positional().subList(1, args.positional().size());
        try {
            Command c = switch (command) {
                case "submit" -> this::submit;
                case "wait" -> this::await;
                case "runs" -> this::runs;
                case "run" -> this::run;
                case "workers" -> this::workers;
                case "cancel" -> this::cancel;
                case "logs", "log" -> this::logs;
                default -> throw new UsageException("unknown command " + command);
            };
            Connection connection = connection(args);
            try (DtfClient client = DtfClient.connect(connection.url(), connection.token())) {
                return c.run(client, args, operands);
            }
        } catch (UsageException e) {
            return usage(e);
        } catch (DtfHttpException e) {
            err.println("error " + e.serverCode() + ": " + e.getMessage());
            if (e.status() == 401) {
                err.println("(give a token with --token or the DTF_TOKEN variable)");
            }
            return FAILED;
        } catch (HttpTransportException e) {
            err.println("error: " + e.getMessage());
            if (e.isConnectFailure()) {
                err.println("(is DTF running there? the coordinator's URL is set by --url or DTF_URL)");
            }
            return FAILED;
        } catch (IOException e) {
            err.println("error: " + Secrets.redact(e.getMessage()));
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: " + Secrets.redact(e));
            return FAILED;
        }
    }

    @FunctionalInterface
    private interface Command {
        int run(DtfClient client, Args args, List<String> operands) throws UsageException, IOException;
    }

    private record Connection(URI url, String token) {
    }

    private Connection connection(Args args) throws UsageException {
        String url = args.has("--url") ? args.value("--url") : env.getOrDefault("DTF_URL", "");
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + Secrets.redact(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new UsageException("not an http(s) URL of the coordinator: " + Secrets.redact(url)
                    + " (e.g. http://localhost:8181)");
        }
        String token = args.has("--token") ? args.value("--token") : env.get("DTF_TOKEN");
        return new Connection(uri, token == null || token.isBlank() ? null : Secrets.register(token.strip()));
    }

    // ---- commands

    private int submit(DtfClient client, Args args, List<String> operands) throws UsageException, IOException {
        args.allowOnly("submit", union(GLOBAL, "--wait", "--junit-xml"));
        String planFile = single(operands, "submit", "PLAN");
        Path junitXml = junitXml(args);
        String plan;
        String source;
        if (planFile.equals("-")) {
            plan = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            source = "stdin.yaml";
        } else {
            Path path = Path.of(planFile);
            try {
                plan = Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException("no plan file " + planFile);
            } catch (IOException e) {
                throw new UsageException("cannot read the plan " + planFile + ": " + e.getMessage());
            }
            source = path.getFileName().toString();
        }
        RunSummary run = client.submit(plan, source);
        out.println("submitted run " + run.run().id() + " (" + run.run().name() + "): " + run.counts().total()
                + " task" + (run.counts().total() == 1 ? "" : "s"));
        if (!args.has("--wait") && junitXml == null) {
            out.println("follow it with: dtf wait " + run.run().id());
            return OK;
        }
        return follow(client, run, junitXml);
    }

    private int await(DtfClient client, Args args, List<String> operands) throws UsageException, IOException {
        args.allowOnly("wait", union(GLOBAL, "--junit-xml"));
        RunId id = runId(single(operands, "wait", "RUN"));
        Path junitXml = junitXml(args);
        return follow(client, client.run(id), junitXml);
    }

    private int runs(DtfClient client, Args args, List<String> operands) throws UsageException {
        args.allowOnly("runs", union(GLOBAL, "--tenant", "--limit", "--offset"));
        none(operands, "runs");
        Integer limit = args.integer("--limit", 1, Page.MAX_LIMIT);
        Integer offset = args.integer("--offset", 0, Integer.MAX_VALUE);
        Page page = new Page(offset == null ? 0 : offset, limit == null ? 20 : limit);
        ItemPage<RunSummary> runs = client.runs(new RunQuery(args.value("--tenant"), page));
        Table table = new Table("ID", "NAME", "TENANT", "STATE", "TASKS", "PASSED", "FAILED", "TESTS", "SUBMITTED",
                "TOOK");
        for (RunSummary r : runs.items()) {
            table.row(r.run().id(), r.run().name(), r.run().tenant(), r.state(),
                    r.counts().finished() + "/" + r.counts().total(), r.counts().get(TaskState.PASSED), failed(r),
                    r.testCases() == 0 ? null : r.testCases() + (r.failedTestCases() > 0
                            ? " (" + r.failedTestCases() + " failed)" : ""),
                    time(r.run().submittedAt()), r.finishedAt() == null || r.run().submittedAt() == null ? null
                            : Durations.format(Duration.between(r.run().submittedAt(), r.finishedAt())));
        }
        if (table.isEmpty()) {
            out.println(page.offset() == 0 ? "no runs" : "no runs from offset " + page.offset());
            return OK;
        }
        table.print(out);
        more(runs, "runs");
        return OK;
    }

    private int run(DtfClient client, Args args, List<String> operands) throws UsageException {
        args.allowOnly("run", union(GLOBAL, "--state"));
        RunId id = runId(single(operands, "run", "RUN"));
        Set<TaskState> states = states(args.value("--state"));
        RunSummary run = client.run(id);
        printSummary(run);
        List<Task> tasks = client.allTasks(id, states);
        Table table = new Table("TASK", "NAME", "TYPE", "STATE", "ATTEMPT", "WORKER", "TOOK", "MESSAGE");
        for (Task t : tasks) {
            table.row(t.id(), t.name(), t.type(), t.state(), t.attempt(), t.worker(),
                    t.result() == null ? null : Durations.format(t.result().duration()),
                    t.result() == null ? null : message(t));
        }
        out.println();
        if (table.isEmpty()) {
            out.println("no tasks" + (states.isEmpty() ? "" : " in " + names(states)));
        } else {
            table.print(out);
        }
        return OK;
    }

    private int workers(DtfClient client, Args args, List<String> operands) throws UsageException {
        args.allowOnly("workers", GLOBAL);
        none(operands, "workers");
        ItemPage<WorkerStatus> workers = client.workers(new Page(0, Page.MAX_LIMIT));
        if (workers.items().isEmpty()) {
            out.println("no workers");
            return OK;
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
        table.print(out);
        more(workers, "workers");
        return OK;
    }

    private int cancel(DtfClient client, Args args, List<String> operands) throws UsageException {
        args.allowOnly("cancel", GLOBAL);
        String id = single(operands, "cancel", "ID");
        if (id.contains(".")) {
            TaskId task = taskId(id);
            boolean cancelled = client.cancel(task);
            out.println(cancelled ? "cancelled task " + task : "task " + task + " had already finished");
        } else {
            RunId run = runId(id);
            int n = client.cancel(run);
            out.println("cancelled " + n + " task" + (n == 1 ? "" : "s") + " of run " + run);
        }
        return OK;
    }

    private int logs(DtfClient client, Args args, List<String> operands) throws UsageException {
        args.allowOnly("logs", union(GLOBAL, "--attempt", "--tail"));
        TaskId task = taskId(single(operands, "logs", "TASK"));
        Integer attempt = args.integer("--attempt", 1, Integer.MAX_VALUE);
        Integer tail = args.integer("--tail", 1, 1_000_000);
        if (tail == null) {
            client.downloadLog(task, attempt, out);
            out.flush();
        } else {
            String text = client.log(task, attempt, tail);
            out.print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.println();
            }
        }
        return OK;
    }

    // ---- following a run

    private int follow(DtfClient client, RunSummary submitted, Path junitXml) throws IOException {
        RunId id = submitted.run().id();
        Progress progress = new Progress(out, tty, width(), plainInterval);
        RunSummary run = submitted;
        long unreachableSince = 0;
        while (!run.state().isFinished()) {
            progress.show(run);
            sleep(pollInterval);
            try {
                run = client.run(id);
                if (unreachableSince != 0) {
                    progress.note("the coordinator answers again");
                    unreachableSince = 0;
                }
            } catch (HttpTransportException e) {
                long now = System.nanoTime();
                if (unreachableSince == 0) {
                    unreachableSince = now;
                    progress.note("the coordinator does not answer (" + e.getMessage() + "); trying on");
                } else if (Duration.ofNanos(now - unreachableSince).compareTo(giveUpUnreachable) > 0) {
                    progress.end();
                    throw e;
                }
            }
        }
        progress.show(run);
        progress.end();
        printOutcome(client, run);
        if (junitXml != null) {
            List<Task> tasks = client.allTasks(id);
            List<StoredTestCase> cases = client.allTestCases(id);
            new JUnitXmlReport(run, tasks, cases).write(junitXml);
            out.println("wrote " + junitXml + " (" + cases.size() + " test case" + (cases.size() == 1 ? "" : "s")
                    + " of " + tasks.size() + " task" + (tasks.size() == 1 ? "" : "s") + ")");
        }
        return run.state() == RunState.PASSED ? OK : FAILED;
    }

    private void printOutcome(DtfClient client, RunSummary run) {
        StringBuilder s = new StringBuilder("run ").append(run.run().id()).append(' ').append(run.run().name())
                .append(' ').append(run.state()).append(": ");
        s.append(countsText(run));
        if (run.finishedAt() != null && run.run().submittedAt() != null) {
            s.append(" in ").append(Durations.format(Duration.between(run.run().submittedAt(), run.finishedAt())));
        }
        if (run.testCases() > 0) {
            s.append("; ").append(run.testCases()).append(" test case").append(run.testCases() == 1 ? "" : "s")
                    .append(", ").append(run.failedTestCases()).append(" failed");
        }
        out.println(s);
        if (run.state() == RunState.PASSED) {
            return;
        }
        ItemPage<Task> bad = client.tasks(run.run().id(), NOT_PASSED, new Page(0, 50));
        if (bad.items().isEmpty()) {
            return;
        }
        Table table = new Table("TASK", "NAME", "STATE", "ATTEMPT", "WORKER", "MESSAGE");
        for (Task t : bad.items()) {
            table.row(t.id(), t.name(), t.state(), t.attempt(), t.worker(), message(t));
        }
        table.print(out);
        if (bad.hasMore()) {
            out.println("… more: dtf run " + run.run().id() + " --state " + names(NOT_PASSED));
        }
        out.println("logs: dtf logs " + bad.items().get(0).id());
    }

    private void printSummary(RunSummary run) {
        out.println("run        " + run.run().id() + " (" + run.run().name() + ")");
        out.println("state      " + run.state());
        out.println("tenant     " + run.run().tenant());
        if (!run.run().labels().isEmpty()) {
            out.println("labels     " + new TreeMap<>(run.run().labels()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        out.println("submitted  " + time(run.run().submittedAt()));
        if (run.finishedAt() != null) {
            out.println("finished   " + time(run.finishedAt()) + " (took "
                    + Durations.format(Duration.between(run.run().submittedAt(), run.finishedAt())) + ")");
        }
        out.println("tasks      " + countsText(run));
        if (run.testCases() > 0) {
            out.println("test cases " + run.testCases() + ", " + run.failedTestCases() + " failed");
        }
    }

    static String countsText(RunSummary run) {
        StringBuilder s = new StringBuilder();
        int total = run.counts().total();
        for (TaskState state : TaskState.values()) {
            int n = run.counts().get(state);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(n).append(' ')
                        .append(state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return s.append(s.length() == 0 ? "no tasks" : " (of " + total + ")").toString();
    }

    private static int failed(RunSummary r) {
        return r.counts().get(TaskState.FAILED) + r.counts().get(TaskState.ERROR) + r.counts().get(TaskState.TIMED_OUT);
    }

    private static String message(Task t) {
        if (t.result() == null) {
            return null;
        }
        if (t.result().message() != null) {
            return t.result().message();
        }
        return t.result().exitCode() == null || t.result().exitCode() == 0 ? null : "exit code " + t.result().exitCode();
    }

    private void more(ItemPage<?> page, String what) {
        if (page.hasMore()) {
            out.println("(" + what + " " + (page.offset() + 1) + "-" + (page.offset() + page.items().size())
                    + (page.total() == null ? "" : " of " + page.total()) + "; --offset "
                    + (page.offset() + page.items().size()) + " for more)");
        }
    }

    // ---- argument helpers

    private int usage(UsageException e) {
        err.println("dtf: " + e.getMessage());
        err.println("run 'dtf --help' for usage");
        return USAGE;
    }

    private static String single(List<String> operands, String command, String name) throws UsageException {
        if (operands.isEmpty()) {
            throw new UsageException("dtf " + command + " needs " + name);
        }
        if (operands.size() > 1) {
            throw new UsageException("dtf " + command + " takes one " + name + ", not " + String.join(" ", operands));
        }
        return operands.get(0);
    }

    private static void none(List<String> operands, String command) throws UsageException {
        if (!operands.isEmpty()) {
            throw new UsageException("dtf " + command + " takes no arguments: " + String.join(" ", operands));
        }
    }

    private static Path junitXml(Args args) throws UsageException {
        if (!args.has("--junit-xml")) {
            return null;
        }
        String file = args.value("--junit-xml");
        if (file.isBlank()) {
            throw new UsageException("--junit-xml needs a file name");
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new UsageException("--junit-xml " + file + " is a directory; give a file name");
        }
        return path;
    }

    static RunId runId(String id) throws UsageException {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new UsageException("not a run id: " + id + " (e.g. r12)");
        }
        return RunId.of(id);
    }

    static TaskId taskId(String id) throws UsageException {
        if (!id.matches("[A-Za-z0-9_-]{1,64}\\.[0-9]{1,9}")) {
            throw new UsageException("not a task id: " + id + " (e.g. r12.3)");
        }
        return TaskId.of(id);
    }

    private static Set<TaskState> states(String value) throws UsageException {
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        if (value == null) {
            return states;
        }
        for (String s : value.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                states.add(TaskState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown task state " + s.strip() + "; known: " + names(EnumSet.allOf(TaskState.class)));
            }
        }
        return states;
    }

    private static String names(Set<TaskState> states) {
        return states.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone).format(instant);
    }

    private int width() {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns >= 20 ? columns : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The version of this client, from the Maven metadata in its jar. */
    static String version() {
        try (InputStream in = DtfCli.class.getResourceAsStream("/META-INF/maven/io.dtf/io.dtf.client/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "(unknown version)");
            }
        } catch (IOException e) {
            // no version to show
        }
        return "(development build)";
    }
}
