package io.dtf.ci.gitlab.impl;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.testing.ManualHttpTime;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** What the GitLab tests share: a provider on a server's URL, GitLab jobs' contexts, and how a report failed. */
final class GitLabFixture {
    static final String TOKEN = "glpat-example-0123456789abcdef";
    static final String SHA = "4f2c9e1d3b5a79c8e0f1a2b3c4d5e6f708192a3b";

    private GitLabFixture() {
    }

    /** A provider of this configuration (keys as in the .cfg file; the rest their defaults), on manual time. */
    static GitLabProvider provider(ManualHttpTime time, Map<String, Object> settings) {
        GitLabProvider provider = new GitLabProvider();
        provider.activate(config(settings), time);
        return provider;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.ci.gitlab-<name>.cfg. */
    static GitLabConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.equals(".token") ? "_token" : key, value));
        return (GitLabConfig) Proxy.newProxyInstance(GitLabConfig.class.getClassLoader(),
                new Class<?>[] {GitLabConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static ManualHttpTime time() {
        return new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    }

    /** The context the dtf client detects in a merge request pipeline of project 42 (acme/shop), pipeline 9001. */
    static CIContext mergeRequestJob(String apiUrl, Integer mergeRequest) {
        return new CIContext("gitlab", "acme/shop", SHA, "feature/login", mergeRequest, "777",
                URI.create("https://gitlab.example/acme/shop/-/jobs/777"),
                Map.of("projectId", "42", "apiUrl", apiUrl, "serverUrl", apiUrl.replace("/api/v4", ""),
                        "pipelineId", "9001"));
    }

    /** The result the future failed with. */
    static ExternalSystemResult failure(CompletableFuture<?> report) {
        CompletionException failed = assertThrows(CompletionException.class, () -> report.orTimeout(20, TimeUnit.SECONDS).join());
        return assertInstanceOf(ExternalSystemException.class, failed.getCause(), String.valueOf(failed.getCause())).result();
    }
}
