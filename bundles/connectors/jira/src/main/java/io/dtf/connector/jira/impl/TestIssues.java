package io.dtf.connector.jira.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.TestId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A test's life in Jira: its first failure opens an issue, later failures comment on that issue, and a pass moves it
 * through the configured transition. The issue is found again by a label made of the configured prefix and a short
 * hash of the test's id (labels may not contain spaces), among the project's issues not yet done:
 * {@code project = "P" AND labels = "dtf-test-…" AND statusCategory != Done}. When the configuration names a transition
 * on failure, a test whose issue is done already has that issue taken back (reopened) instead of getting a new one.
 *
 * <p>Every call may come again (a durable hook delivers at least once): each one searches before it writes, and what
 * it writes carries the event's id as text ({@value #EVENT_MARKER}{@code <id>}, and on Cloud as a comment property),
 * so that a repeated event finds its issue or comment and writes nothing more. Cloud's search index lags behind
 * writes; the issue ids this instance made or found lately are passed as {@code reconcileIssues}, so that a failure
 * repeated right after its issue was made still finds it.
 */
final class TestIssues {
    /** How an issue's description or a comment names the event that wrote it. */
    static final String EVENT_MARKER = "DTF event ";
    /** Jira's longest summary. */
    static final int SUMMARY_LIMIT = 255;
    private static final int MESSAGE_LIMIT = 5_000;
    private static final int STACK_LINES = 25;
    private static final int STACK_LIMIT = 3_000;
    private static final int REMEMBERED = 1_000;
    private static final List<String> LOOKUP_FIELDS = List.of("summary", "status", "labels", "description");

    /**
     * What the settings of {@link JiraConfig} say about tests' issues; {@code commonLabel} is the label every issue made
     * for a test carries besides its own ({@link #commonLabel}), by which the open ones are found together.
     */
    record Settings(String projectKey, String issueType, String labelPrefix, String commonLabel, List<String> labels,
                    String transitionOnPass, String transitionOnFailure) {
    }

    /** A test that failed, as the caller reports it. */
    record Failure(TestId test, String className, String name, String message, String stackTrace, String runId,
                   URI runLink, String eventId) {
    }

    /** A test that passed. */
    record Pass(TestId test, String className, String name, String runId, URI runLink, String eventId) {
    }

    private final JiraApi api;
    private final Settings settings;
    private final Map<String, Long> knownIssues = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** Per label, the last report of the test started, until it ends. */
    private final Map<String, CompletableFuture<ExternalSystemResult>> running = new ConcurrentHashMap<>();

    TestIssues(JiraApi api, Settings settings) {
        this.api = api;
        this.settings = settings;
    }

    /** The label of a test's issue: the prefix and the first 12 hex digits of the SHA-256 of the test's id. */
    static String label(String prefix, TestId test) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(test.value().getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The label all tests' issues share: the prefix without its trailing dashes and underscores ({@code dtf-test}). */
    static String commonLabel(String prefix) {
        String common = prefix.replaceFirst("[-_]+$", "");
        return common.isEmpty() ? prefix : common;
    }

    /** Opens the test's issue, or comments on the open one; nothing when this event did either before. */
    CompletableFuture<ExternalSystemResult> failed(Failure failure) {
        String label = label(settings.labelPrefix(), failure.test());
        return oneAtATime(label, () -> openIssue(label).thenCompose(open -> {
            if (open == null) {
                return settings.transitionOnFailure().isEmpty() ? create(failure, label).thenApply(made -> done(made, "created", label))
                        : reopenOrCreate(failure, label);
            }
            return alreadyWritten(open, failure.eventId()).thenCompose(written -> written
                    ? CompletableFuture.completedFuture(done(open, "already_reported", label))
                    : writeComment(open.key(), failureComment(failure), failure.eventId())
                            .thenApply(comment -> done(open, "commented", label)));
        }));
    }

    /**
     * The test's latest done issue taken back through {@code transitionOnFailure}, with the failure as a comment; a new
     * issue when it has none.
     */
    private CompletableFuture<ExternalSystemResult> reopenOrCreate(Failure failure, String label) {
        String jql = "project = " + quote(settings.projectKey()) + " AND labels = " + quote(label)
                + " AND statusCategory = Done ORDER BY updated DESC";
        return api.search(jql, 1, null, LOOKUP_FIELDS, List.of()).thenCompose(page -> page.issues().isEmpty()
                ? create(failure, label).thenApply(made -> done(made, "created", label))
                : transition(remember(label, page.issues().get(0)), settings.transitionOnFailure(), failureComment(failure),
                        failure.eventId()).thenApply(result -> result.success()
                                ? done(result.item().orElseThrow(), "reopened", label) : result));
    }

    /** Moves the test's open issue through the configured transition, with a comment; nothing when it has none. */
    CompletableFuture<ExternalSystemResult> passed(Pass pass) {
        String label = label(settings.labelPrefix(), pass.test());
        return oneAtATime(label, () -> openIssue(label).thenCompose(open -> {
            if (open == null) {
                return CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("action", "none", "label", label)));
            }
            return transition(open, settings.transitionOnPass(), passComment(pass), pass.eventId())
                    .thenApply(result -> result.success() ? done(open, "transitioned", label) : result);
        }));
    }

    /**
     * Runs the reports of one test one after the other: two failures of one test reported at once (two runs) would
     * otherwise both search before either made the issue, and make two.
     */
    private CompletableFuture<ExternalSystemResult> oneAtATime(String label, Supplier<CompletableFuture<ExternalSystemResult>> report) {
        CompletableFuture<ExternalSystemResult> last = running.compute(label, (key, before) ->
                (before == null ? CompletableFuture.<ExternalSystemResult>completedFuture(null)
                        : before.exceptionally(failed -> null)).thenCompose(previous -> report.get()));
        last.whenComplete((result, failure) -> running.remove(label, last));
        return last;
    }

    /**
     * Moves an issue through the transition of this name (or leading to the status of this name, ignoring case),
     * commenting first when a comment is given and this event has not commented yet. A transition the issue cannot
     * take now is REJECTED ({@code invalid_transition}) naming the ones it can, before anything is written.
     */
    CompletableFuture<ExternalSystemResult> transition(ExternalItem issue, String name, RichText comment, String eventId) {
        String ref = issue.key() == null ? issue.id() : issue.key();
        return api.transitions(ref).thenCompose(available -> {
            JsonNode chosen = choose(available, name);
            if (chosen == null) {
                List<String> names = new ArrayList<>();
                available.forEach(t -> names.add(t.path("name").asText()));
                return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_transition", "issue " + ref
                        + " has no transition '" + name + "' now; it has: " + (names.isEmpty() ? "none" : String.join(", ", names))));
            }
            CompletableFuture<?> commented = comment == null ? CompletableFuture.completedFuture(null)
                    : alreadyWritten(issue, eventId).thenCompose(written -> written
                            ? CompletableFuture.completedFuture(null) : writeComment(ref, comment, eventId));
            return commented.thenCompose(c -> api.transition(ref, chosen.path("id").asText()))
                    .thenApply(moved -> ExternalSystemResult.ok(issue));
        });
    }

    /** Comments on an issue unless this event did before: the comment made, or the issue when there was one. */
    CompletableFuture<ExternalSystemResult> comment(String issue, RichText text, String eventId) {
        return alreadyWritten(new ExternalItem("issue", issue, issue, null, Map.of()), eventId)
                .thenCompose(written -> written
                        ? CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("action", "already_commented")))
                        : writeComment(issue, text, eventId).thenApply(ExternalSystemResult::ok));
    }

    /** Every comment DTF writes ends with the event that wrote it, so that the event delivered again finds it. */
    private CompletableFuture<ExternalItem> writeComment(String issue, RichText text, String eventId) {
        return api.comment(issue, marked(text, eventId), eventId);
    }

    private static JsonNode choose(List<JsonNode> available, String name) {
        for (JsonNode transition : available) {
            if (transition.path("name").asText().equalsIgnoreCase(name)) {
                return transition;
            }
        }
        for (JsonNode transition : available) {
            if (transition.path("to").path("name").asText().equalsIgnoreCase(name)) {
                return transition;
            }
        }
        return null;
    }

    /**
     * The oldest issue of the project with this label that is not done, or {@code null}; the issue remembered for the
     * label is reconciled (Cloud).
     */
    private CompletableFuture<ExternalItem> openIssue(String label) {
        String jql = "project = " + quote(settings.projectKey()) + " AND labels = " + quote(label)
                + " AND statusCategory != Done ORDER BY created ASC";
        Long known = knownIssues.get(label);
        return api.search(jql, 1, null, LOOKUP_FIELDS, known == null ? List.of() : List.of(known))
                .thenApply(page -> page.issues().isEmpty() ? null : remember(label, page.issues().get(0)));
    }

    private CompletableFuture<ExternalItem> create(Failure failure, String label) {
        List<String> labels = new ArrayList<>(settings.labels());
        labels.add(settings.commonLabel());
        labels.add(label);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", settings.projectKey()));
        fields.put("issuetype", Map.of("name", settings.issueType()));
        fields.put("summary", summary(testName(failure.className(), failure.name(), failure.test())));
        fields.put("description", failureDescription(failure, label).render(api.deployment()));
        fields.put("labels", labels.stream().distinct().toList());
        return api.create(fields).thenApply(made -> remember(label, made));
    }

    /** Whether this event wrote the issue's description or one of its latest comments. */
    private CompletableFuture<Boolean> alreadyWritten(ExternalItem issue, String eventId) {
        if (eventId == null) {
            return CompletableFuture.completedFuture(false);
        }
        String marker = EVENT_MARKER + eventId;
        if (String.valueOf(issue.fields().get("description")).contains(marker)) {
            return CompletableFuture.completedFuture(true);
        }
        return api.latestComments(issue.key() == null ? issue.id() : issue.key())
                .thenApply(bodies -> bodies.stream().anyMatch(body -> (body.isTextual() ? body.asText() : body.toString())
                        .contains(marker)));
    }

    private ExternalItem remember(String label, ExternalItem issue) {
        try {
            knownIssues.put(label, Long.parseLong(issue.id()));
        } catch (NumberFormatException notNumeric) {
            // Jira's issue ids are numbers; one that is not cannot be reconciled and is not kept
        }
        return issue;
    }

    /** {@code <class.name> fails}, on one line, within Jira's limit. */
    static String summary(String testName) {
        String summary = testName.replaceAll("\\s+", " ").strip() + " fails";
        return summary.length() <= SUMMARY_LIMIT ? summary
                : summary.substring(0, SUMMARY_LIMIT - " … fails".length()) + " … fails";
    }

    private RichText failureDescription(Failure failure, String label) {
        RichText text = inRun(new RichText().paragraph().text("Test ").code(testName(failure.className(), failure.name(), failure.test())),
                " failed", failure.runId());
        details(text, failure).paragraph().text("DTF test id ").code(failure.test().value()).text(", label ").code(label)
                .text(". Later failures are added as comments; the issue moves on when the test passes again.");
        return marked(text, failure.eventId());
    }

    private static RichText failureComment(Failure failure) {
        RichText text = inRun(new RichText().paragraph(), "Failed again", failure.runId());
        return details(text, failure);
    }

    /** What a failure said: its message, the first lines of its stack trace, the link to its run. */
    private static RichText details(RichText text, Failure failure) {
        text.preformatted(cut(failure.message(), MESSAGE_LIMIT));
        String stack = excerpt(failure.stackTrace());
        if (stack != null) {
            text.paragraph().text("Stack trace (first lines):").preformatted(stack);
        }
        return runLink(text, failure.runLink());
    }

    private static RichText runLink(RichText text, URI link) {
        return link == null ? text : text.paragraph().text("Run: ").link(link.toString(), link);
    }

    private static RichText passComment(Pass pass) {
        RichText text = inRun(new RichText().paragraph().text("Test ").code(testName(pass.className(), pass.name(), pass.test())),
                " passes again", pass.runId());
        return runLink(text, pass.runLink());
    }

    /** What happened, and in which run when the caller said: {@code failed in run r12.} */
    private static RichText inRun(RichText text, String happened, String runId) {
        return runId == null ? text.text(happened + ".") : text.text(happened + " in run ").code(runId).text(".");
    }

    private static RichText marked(RichText text, String eventId) {
        return eventId == null ? text : text.paragraph().text(EVENT_MARKER + eventId);
    }

    /** {@code class.name} as the caller named the test, or {@code test <id>} when it did not. */
    private static String testName(String className, String name, TestId test) {
        String named = (className == null ? "" : className + (name == null ? "" : ".")) + (name == null ? "" : name);
        return named.isEmpty() ? "test " + test.value() : named;
    }

    /** The first lines of a stack trace, within a bounded length. */
    static String excerpt(String stackTrace) {
        if (stackTrace == null || stackTrace.isBlank()) {
            return null;
        }
        String[] lines = stackTrace.strip().split("\\R");
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String line : lines) {
            if (shown == STACK_LINES || out.length() + line.length() > STACK_LIMIT) {
                break;
            }
            out.append(line).append('\n');
            shown++;
        }
        if (shown < lines.length) {
            out.append("… ").append(lines.length - shown).append(" more lines\n");
        }
        return out.toString();
    }

    private static String cut(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit) + "… (cut)";
    }

    /** A JQL string literal: in double quotes, with quotes and backslashes escaped. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static ExternalSystemResult done(ExternalItem issue, String action, String label) {
        return new ExternalSystemResult(ExternalSystemResult.Status.OK, List.of(issue), null,
                Map.of("action", action, "label", label), null, null, null);
    }
}
