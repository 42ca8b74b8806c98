package io.dtf.ci.jenkins.impl;

import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Jenkins build's description with a line per DTF status: {@code dtf/api-tests: failed - 98 of 100 tests passed,
 * 2 failed - https://dtf.example/runs/r12}. Plain text, as Jenkins' default markup formatter shows it (escaped,
 * line breaks kept); setting a status replaces its own line, found by the status's name, and keeps every other
 * line, whoever wrote it (the pipeline's {@code currentBuild.description}, another DTF run).
 */
final class BuildDescription {
    /** The longest status line: a line that fits on a build page. */
    static final int LINE_LIMIT = 500;

    private BuildDescription() {
    }

    static String line(CommitStatus status) {
        String word = word(status);
        String description = ReportMarkdown.oneLine(status.description(), 300);
        StringBuilder line = new StringBuilder(status.name()).append(": ").append(word);
        if (!description.isEmpty() && !description.equalsIgnoreCase(word)) {
            line.append(" - ").append(description);
        }
        if (status.link() != null) {
            line.append(" - ").append(status.link());
        }
        return ReportMarkdown.oneLine(line.toString(), LINE_LIMIT);
    }

    /** {@code current} with the line of {@code status} in place of its earlier one, or added at the end. */
    static String merge(String current, CommitStatus status) {
        String prefix = status.name() + ": ";
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        if (current != null && !current.isEmpty()) {
            for (String line : current.split("\r?\n", -1)) {
                if (line.startsWith(prefix)) {
                    if (!replaced) {
                        lines.add(line(status));
                        replaced = true;
                    }
                } else {
                    lines.add(line);
                }
            }
        }
        if (!replaced) {
            lines.add(line(status));
        }
        return String.join("\n", lines);
    }

    private static String word(CommitStatus status) {
        return switch (status.status()) {
            case PENDING -> "queued";
            case SUCCESS -> "passed";
            case FAILURE -> "failed";
            default -> status.status().name().toLowerCase(Locale.ROOT);
        };
    }
}
