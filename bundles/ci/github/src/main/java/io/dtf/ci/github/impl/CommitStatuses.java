package io.dtf.ci.github.impl;

import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.task.CIContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A DTF run's status on its commit (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status):
 * one per {@link CommitStatus#name()} ({@code context}), the latest replacing the one before; the description at
 * most {@value #DESCRIPTION_LIMIT} characters.
 */
final class CommitStatuses {
    static final int DESCRIPTION_LIMIT = 140;

    private final GitHubHttp http;
    private final Credentials credentials;

    CommitStatuses(GitHubHttp http, Credentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    CommitStatuses with(Credentials other) {
        return new CommitStatuses(http, other);
    }

    CompletableFuture<Void> set(CIContext context, CommitStatus status) {
        Repo repo = Repo.of(context);
        String commit = Repo.commit(context);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state(status.status()));
        if (status.link() != null) {
            body.put("target_url", status.link().toString());
        }
        body.put("description", ReportMarkdown.oneLine(status.description(), DESCRIPTION_LIMIT));
        body.put("context", status.name());
        // setting the same status again changes nothing: safe to repeat after any failure
        return credentials.send(repo, auth -> http.creating("POST", "/repos/{}/{}/statuses/{}", repo.owner(),
                repo.name(), commit).auth(auth).json(body).idempotent(true).sendAsync());
    }

    /** GitHub's states: pending, success, failure, error (a cancelled run did not succeed, and no test failed). */
    static String state(BuildStatus status) {
        return switch (status) {
            case PENDING, RUNNING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR, CANCELLED -> "error";
        };
    }
}
