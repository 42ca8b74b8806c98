package io.dtf.ci.bitbucket.impl;

import io.dtf.http.ExternalResults;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.task.CIContext;
import io.dtf.http.JsonHttpClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Commit build statuses (Bitbucket Cloud's Commit statuses API, {@code POST .../commit/{commit}/statuses/build}): one
 * per status name, its {@code key}; posting a key again replaces that status, so a repeated report changes nothing
 * more. Bitbucket wants a {@code url}: the run in DTF, else the CI build, else the commit's page.
 */
final class BuildStatuses {
    /** The longest key Bitbucket takes. */
    static final int KEY_LIMIT = 40;
    /** The longest name and description kept. */
    static final int TEXT_LIMIT = 255;

    private final JsonHttpClient http;
    private final URI web;

    /** @param web Bitbucket's web site, for the link to the commit when there is no other */
    BuildStatuses(JsonHttpClient http, URI web) {
        this.http = http;
        this.web = web;
    }

    CompletableFuture<Void> set(CIContext context, CommitStatus status) {
        String problem = Repository.commitProblem(context);
        if (problem != null) {
            return ExternalResults.rejected("invalid_context", problem);
        }
        Repository repository = Repository.of(context);
        String commit = context.commit().strip();
        URI url = status.link() != null ? status.link()
                : context.buildUrl() != null ? context.buildUrl() : repository.commitPage(web, commit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key(status.name()));
        body.put("state", state(status.status()));
        body.put("name", ReportMarkdown.oneLine(status.name(), TEXT_LIMIT));
        body.put("url", url.toString());
        body.put("description", ReportMarkdown.oneLine(status.description(), TEXT_LIMIT));
        if (context.branch() != null && !context.branch().isBlank()) {
            body.put("refname", context.branch());
        }
        return Failures.external(() -> http.post("/repositories/{}/{}/commit/{}/statuses/build", repository.workspace(),
                repository.slug(), commit).json(body).idempotent(true).sendAsync());
    }

    /** The status's key: its name ({@code dtf/api-tests} as {@code dtf-api-tests}), ending with a hash when too long. */
    static String key(String name) {
        return StableIds.of("", name.replace('/', '-'), KEY_LIMIT);
    }

    /** Bitbucket's word for a status. */
    static String state(BuildStatus status) {
        return switch (status) {
            case PENDING, RUNNING -> "INPROGRESS";
            case SUCCESS -> "SUCCESSFUL";
            case FAILURE, ERROR -> "FAILED";
            case CANCELLED -> "STOPPED";
        };
    }
}
