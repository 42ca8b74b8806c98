package io.dtf.ci.github.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.Pagination;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A DTF run as a GitHub check run (https://docs.github.com/en/rest/checks/runs): created in progress when the run
 * starts, completed with its conclusion, report and annotations when it ends.
 *
 * <p>Requests per run: one to create; {@code ceil(max(1, annotations) / 50)} to complete, the annotations 50 at a
 * time (GitHub appends those of each update) and the last one completing the check run with the whole output, so
 * that a completed check run has all its annotations. Which check run belongs to which DTF run, and how many
 * annotations each has, is kept in memory (bounded), so that the end of a run needs no lookup. After a restart
 * (nothing kept) the end of a run finds its check runs by name and {@code external_id} (the DTF run's id) and
 * their {@code annotations_count}, and completes every one (a start event delivered twice may have made two),
 * sending only the annotations they lack: a repeated completion adds none. A start the coordinator did not
 * remember just creates (a start is delivered again only after a crash in the moment before it was acknowledged),
 * unless its create got no answer before: then it looks first, as the create may have made the check run. An
 * update with annotations that got no answer makes the next completion ask the check run how many it has.
 * Thread-safe; its memory is shared with the views of other credentials ({@link #with}).
 */
final class CheckRuns {
    static final String PROVIDER = "github";
    /** Handle attributes: the repository, and every check run of the DTF run with the annotations it has. */
    static final String OWNER = "owner";
    static final String REPO = "repo";
    static final String CHECK_RUNS = "checkRuns";

    /**
     * What is kept of the check runs made or found: their ids by DTF run, the annotations each has, and the runs
     * whose create got no answer (it may have made the check run: the next create looks first).
     */
    record Memory(BoundedCache<String, List<Long>> byRun, BoundedCache<Long, Integer> annotated,
                  BoundedCache<String, Boolean> unanswered) {
        Memory() {
            this(new BoundedCache<>(10_000), new BoundedCache<>(10_000), new BoundedCache<>(1_000));
        }
    }

    private final GitHubHttp http;
    private final Credentials credentials;
    private final Clock clock;
    private final String checkName;
    private final int maxAnnotations;
    private final String sourceRoot;
    private final Memory memory;

    CheckRuns(GitHubHttp http, Credentials credentials, Clock clock, String checkName, int maxAnnotations,
              String sourceRoot, Memory memory) {
        this.http = http;
        this.credentials = credentials;
        this.clock = clock;
        this.checkName = checkName;
        this.maxAnnotations = maxAnnotations;
        this.sourceRoot = sourceRoot;
        this.memory = memory;
    }

    /** The same check runs, with other credentials. */
    CheckRuns with(Credentials other) {
        return new CheckRuns(http, other, clock, checkName, maxAnnotations, sourceRoot, memory);
    }

    /** The check run's name: {@code dtf / nightly}. */
    String name(TestRunResult result) {
        return checkName + " / " + result.name();
    }

    CompletableFuture<TestRunHandle> create(CIContext context, TestRunResult result) {
        Repo repo = Repo.of(context);
        String commit = Repo.commit(context);
        String key = repo.key() + "#" + result.run().value();
        List<Long> known = memory.byRun().get(key);
        if (known != null) {
            return CompletableFuture.completedFuture(handle(context, repo, known, null));
        }
        if (!result.status().isFinal() && memory.unanswered().get(key) == null) {
            return post(context, repo, commit, key, result);
        }
        return find(repo, commit, result).thenCompose(found -> {
            if (found.isEmpty()) {
                return post(context, repo, commit, key, result);
            }
            List<Long> ids = new ArrayList<>(found.keySet());
            memory.byRun().put(key, ids);
            found.forEach((id, count) -> memory.annotated().put(id, count));
            return CompletableFuture.completedFuture(handle(context, repo, ids, null));
        });
    }

    /** Shows an unfinished result (title and summary); completes the check runs when it is finished. */
    CompletableFuture<Void> update(TestRunHandle handle, TestRunResult result) {
        if (result.status().isFinal()) {
            return complete(handle, result);
        }
        Repo repo = repo(handle);
        CheckRunOutput output = CheckRunOutput.of(result, 0, sourceRoot);
        Map<String, Object> body = Map.of("status", "in_progress", "output", output.json(output.summary(), false, List.of()));
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (long id : checkRuns(handle).keySet()) {
            chain = chain.thenCompose(done -> patch(repo, id, body, true));
        }
        return chain;
    }

    CompletableFuture<Void> complete(TestRunHandle handle, TestRunResult result) {
        if (!result.status().isFinal()) {
            return update(handle, result);
        }
        Repo repo = repo(handle);
        CheckRunOutput output = CheckRunOutput.of(result, maxAnnotations, sourceRoot);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Map.Entry<Long, Integer> run : checkRuns(handle).entrySet()) {
            chain = chain.thenCompose(done -> complete(repo, run.getKey(), run.getValue(), output, result));
        }
        return chain;
    }

    /**
     * Completes the check run after sending the annotations it lacks; when an update of it got no answer before
     * (GitHub may have added its annotations), it asks the check run how many it has first.
     */
    private CompletableFuture<Void> complete(Repo repo, long id, int annotatedBefore, CheckRunOutput output,
                                             TestRunResult result) {
        String unanswered = "annotations#" + id;
        if (memory.unanswered().get(unanswered) == null) {
            Integer remembered = memory.annotated().get(id);
            return complete(repo, id, Math.max(annotatedBefore, remembered == null ? 0 : remembered), output, result,
                    unanswered);
        }
        return credentials.send(repo, auth -> http.request("GET", "/repos/{}/{}/check-runs/{}", repo.owner(),
                        repo.name(), id).auth(auth).asAsync(JsonNode.class))
                .thenCompose(run -> {
                    memory.unanswered().remove(unanswered);
                    return complete(repo, id, run.path("output").path("annotations_count").asInt(0), output, result,
                            unanswered);
                });
    }

    /** Sends the annotations after the first {@code annotated}, 50 a request, the last request completing it. */
    private CompletableFuture<Void> complete(Repo repo, long id, int annotated, CheckRunOutput output,
                                             TestRunResult result, String unanswered) {
        List<Map<String, Object>> all = output.annotations();
        int sent = Math.min(all.size(), annotated);
        int requests = Math.max(1, (all.size() - sent + CheckRunOutput.ANNOTATIONS_PER_REQUEST - 1)
                / CheckRunOutput.ANNOTATIONS_PER_REQUEST);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < requests; i++) {
            int from = sent + i * CheckRunOutput.ANNOTATIONS_PER_REQUEST;
            int to = Math.min(all.size(), from + CheckRunOutput.ANNOTATIONS_PER_REQUEST);
            List<Map<String, Object>> batch = all.subList(from, to);
            Map<String, Object> body = new LinkedHashMap<>();
            if (i == requests - 1) {
                body.put("status", "completed");
                body.put("conclusion", conclusion(result.status()));
                body.put("completed_at", now().toString());
                if (result.link() != null) {
                    body.put("details_url", result.link().toString());
                }
                body.put("output", output.json(output.summary(), true, batch));
            } else {
                body.put("output", output.json("Annotating the failed tests: " + to + " of " + all.size() + " so far.",
                        false, batch));
            }
            chain = chain.thenCompose(done -> patch(repo, id, body, batch.isEmpty()).whenComplete((ok, failure) -> {
                if (failure != null && !batch.isEmpty() && !refused(failure)) {
                    memory.unanswered().put(unanswered, true);
                }
            })).thenRun(() -> memory.annotated().put(id, to));
        }
        return chain;
    }

    private CompletableFuture<TestRunHandle> post(CIContext context, Repo repo, String commit, String key,
                                                  TestRunResult result) {
        CheckRunOutput output = CheckRunOutput.of(result, 0, sourceRoot);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name(result));
        body.put("head_sha", commit);
        body.put("status", "in_progress");
        body.put("started_at", now().minus(result.duration()).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("external_id", result.run().value());
        if (result.link() != null) {
            body.put("details_url", result.link().toString());
        }
        body.put("output", output.json(output.summary(), false, List.of()));
        return credentials.send(repo, auth -> http.creating("POST", "/repos/{}/{}/check-runs", repo.owner(), repo.name())
                        .auth(auth).json(body).asAsync(JsonNode.class))
                .whenComplete((answer, failure) -> {
                    if (failure != null && !refused(failure)) {
                        memory.unanswered().put(key, true);
                    }
                })
                .thenApply(answer -> {
                    memory.unanswered().remove(key);
                    List<Long> ids = List.of(answer.path("id").asLong());
                    memory.byRun().put(key, ids);
                    memory.annotated().put(ids.get(0), 0);
                    return handle(context, repo, ids, answer.path("html_url").asText(null));
                });
    }

    /** The check runs of this DTF run on the commit, by id, with the annotations each has. */
    private CompletableFuture<Map<Long, Integer>> find(Repo repo, String commit, TestRunResult result) {
        String name = name(result);
        return credentials.send(repo, auth -> http.request("GET", "/repos/{}/{}/commits/{}/check-runs",
                        repo.owner(), repo.name(), commit)
                .query("check_name", name).query("filter", "all").query("per_page", 100).auth(auth)
                .paginate(Pagination.linkHeader("/check_runs"), JsonNode.class).collectAsync())
                .thenApply(runs -> {
                    Map<Long, Integer> mine = new LinkedHashMap<>();
                    for (JsonNode run : runs) {
                        if (result.run().value().equals(run.path("external_id").asText(null))
                                && name.equals(run.path("name").asText(name))) {
                            mine.put(run.path("id").asLong(), run.path("output").path("annotations_count").asInt(0));
                        }
                    }
                    return mine;
                });
    }

    /** Whether GitHub answered the request with a refusal (4xx other than 429), so that it surely made nothing. */
    private static boolean refused(Throwable failure) {
        int status = Credentials.status(failure);
        return status >= 400 && status < 500 && status != 429;
    }

    private CompletableFuture<Void> patch(Repo repo, long id, Map<String, Object> body, boolean idempotent) {
        return credentials.send(repo, auth -> http.creating("PATCH", "/repos/{}/{}/check-runs/{}", repo.owner(),
                repo.name(), id).auth(auth).json(body).idempotent(idempotent).sendAsync());
    }

    private TestRunHandle handle(CIContext context, Repo repo, List<Long> ids, String url) {
        StringBuilder runs = new StringBuilder();
        for (long id : ids) {
            Integer annotated = memory.annotated().get(id);
            runs.append(runs.isEmpty() ? "" : ",").append(id).append(':').append(annotated == null ? 0 : annotated);
        }
        return new TestRunHandle(PROVIDER, Long.toString(ids.get(0)), url == null ? null : URI.create(url), context,
                Map.of(OWNER, repo.owner(), REPO, repo.name(), CHECK_RUNS, runs.toString()));
    }

    private static Repo repo(TestRunHandle handle) {
        String owner = handle.attributes().get(OWNER);
        String name = handle.attributes().get(REPO);
        return owner != null && name != null ? new Repo(owner, name) : Repo.of(handle.context());
    }

    /** The handle's check runs with the annotations each had when it was made; its id alone when it says none. */
    private static Map<Long, Integer> checkRuns(TestRunHandle handle) {
        Map<Long, Integer> runs = new LinkedHashMap<>();
        String listed = handle.attributes().get(CHECK_RUNS);
        if (listed != null && !listed.isBlank()) {
            for (String run : listed.split(",")) {
                String[] idAndCount = run.split(":");
                runs.put(Long.parseLong(idAndCount[0].strip()),
                        idAndCount.length > 1 ? Integer.parseInt(idAndCount[1].strip()) : 0);
            }
        }
        if (runs.isEmpty()) {
            runs.put(Long.parseLong(handle.id()), 0);
        }
        return runs;
    }

    /** GitHub's conclusions: success, failure, cancelled (it has no "error": a run that could not work failed). */
    static String conclusion(BuildStatus status) {
        return switch (status) {
            case SUCCESS -> "success";
            case CANCELLED -> "cancelled";
            default -> "failure";
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
