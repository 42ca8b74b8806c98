package io.dtf.ci.gitlab.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.task.CIContext;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports DTF runs of GitLab CI/CD jobs to GitLab's REST API v4: a commit status per run ({@link CommitStatuses}) and
 * one note per run on the merge request ({@link MergeRequestNotes}). The JUnit report of GitLab's merge request
 * widget comes from the job itself ({@code dtf submit --wait} writes the JUnit XML that {@code artifacts:reports:junit}
 * names), not from here. One instance per factory configuration ({@code etc/io.dtf.ci.gitlab-<name>.cfg}), one per
 * GitLab server; GitLab's {@code CI_JOB_TOKEN} may neither set statuses nor write notes, so there is no job-token view.
 */
@Component(service = CIProvider.class, configurationPid = GitLabProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=gitlab")
@Designate(ocd = GitLabConfig.class, factory = true)
public class GitLabProvider implements CIProvider {
    static final String PID = "io.dtf.ci.gitlab";
    static final String GITLAB_COM = "https://gitlab.com/api/v4";
    private static final Logger LOG = LoggerFactory.getLogger(GitLabProvider.class);

    private JsonHttpClient http;
    private ReportScope scope;
    private CommitStatuses statuses;
    private MergeRequestNotes notes;

    @Activate
    void activate(GitLabConfig config) {
        activate(config, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(GitLabConfig config, HttpTime time) {
        URI apiUrl = apiUrl(config.apiUrl());
        if (config._token() == null || config._token().isBlank()) {
            throw new IllegalArgumentException(PID + ": .token is required: a project or group access token, or a "
                    + "personal access token, with the api scope (e.g. .token = ${env:DTF_GITLAB_TOKEN})");
        }
        HttpAuth token;
        try {
            token = HttpAuth.apiKey("PRIVATE-TOKEN", config._token());
        } catch (IllegalArgumentException unset) {
            throw new IllegalArgumentException(PID + ": .token: " + unset.getMessage(), unset);
        }
        JsonHttpClient.Builder builder = JsonHttpClient.builder(apiUrl).auth(token)
                .rateLimit(RateLimit.perMinute(ConfigValues.atLeast(PID, "requestsPerMinute", config.requestsPerMinute(), 1)))
                .rateLimit(MergeRequestNotes.CREATION, RateLimit.perMinute(ConfigValues.atLeast(PID, "notesPerMinute", config.notesPerMinute(), 1)))
                .responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID, "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(ConfigValues.atLeast(PID, "maxRateLimitWaitSeconds", config.maxRateLimitWaitSeconds(), 0)))
                .userAgent("dtf-ci-gitlab/1");
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        scope = new ReportScope(apiUrl, config.projects() == null ? List.of() : Arrays.asList(config.projects()));
        statuses = new CommitStatuses(http);
        notes = new MergeRequestNotes(http);
        LOG.info("GitLab CI provider reports to {}", Secrets.redact(apiUrl.toString()));
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public Set<CICapability> capabilities() {
        return EnumSet.of(CICapability.BUILD_STATUS, CICapability.PR_COMMENT);
    }

    @Override
    public boolean accepts(CIContext context) {
        return scope.accepts(context);
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return statuses.set(context, status);
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return notes.upsert(context, key, markdown);
    }

    private static URI apiUrl(String value) {
        String url = value == null || value.isBlank() ? GITLAB_COM : value.strip();
        try {
            URI uri = URI.create(url);
            JsonHttpClient.builder(uri);
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": apiUrl must be the http(s) URL of GitLab's API v4 "
                    + "(e.g. https://gitlab.example.com/api/v4), not " + Secrets.redact(url), bad);
        }
    }
}
