package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The progress of a run while it is followed: on a terminal one line rewritten in place; otherwise
 * (CI logs) a plain line whenever the counts changed, at most one per {@code plainInterval}, and the
 * last state always.
 */
final class Progress {
    private final PrintStream out;
    private final boolean tty;
    private final int width;
    private final Duration plainInterval;
    private final long start = System.nanoTime();
    private String lastPrinted;
    private long lastPrintedAt;
    private boolean lineOpen;

    Progress(PrintStream out, boolean tty, int width, Duration plainInterval) {
        this.out = out;
        this.tty = tty;
        this.width = width;
        this.plainInterval = plainInterval;
    }

    void show(RunSummary run) {
        String text = line(run);
        if (tty) {
            String shown = text + "  " + Durations.format(Duration.ofNanos(System.nanoTime() - start));
            if (shown.length() > width - 1) {
                shown = shown.substring(0, width - 2) + "…";
            }
            out.print("\r" + shown + "\u001b[K");
            out.flush();
            lineOpen = true;
            return;
        }
        long now = System.nanoTime();
        boolean changed = !text.equals(lastPrinted);
        boolean due = lastPrinted == null || now - lastPrintedAt >= plainInterval.toNanos();
        if (changed && (due || run.state().isFinished())) {
            out.println(text);
            lastPrinted = text;
            lastPrintedAt = now;
        }
    }

    /** A message between progress lines. */
    void note(String message) {
        end();
        out.println(message);
    }

    /** Ends the line in place, if one is open. */
    void end() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    static String line(RunSummary run) {
        TaskCounts c = run.counts();
        int failed = c.get(TaskState.FAILED) + c.get(TaskState.ERROR) + c.get(TaskState.TIMED_OUT);
        StringBuilder s = new StringBuilder()
                .append(run.run().id()).append(' ').append(run.state()).append(' ')
                .append(c.finished()).append('/').append(c.total()).append(" done: ")
                .append(c.get(TaskState.PASSED)).append(" passed, ")
                .append(failed).append(" failed, ")
                .append(c.get(TaskState.RUNNING) + c.get(TaskState.LEASED)).append(" running, ")
                .append(c.get(TaskState.QUEUED)).append(" queued");
        if (c.get(TaskState.CANCELLED) > 0) {
            s.append(", ").append(c.get(TaskState.CANCELLED)).append(" cancelled");
        }
        return s.toString();
    }
}
