package io.dtf.ci.gitlab.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One GitLab server (GitLab.com or a self-managed one): a factory configuration each
 * ({@code etc/io.dtf.ci.gitlab-<name>.cfg}). The token is a private property (its key starts with a dot), so that it
 * never becomes a service property that {@code service:list} or {@code dtf:ci} would print; give it as
 * {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: GitLab",
        description = "Reports DTF runs of GitLab CI/CD jobs back to GitLab: a commit status with a link to the run and "
                + "one merge request note, edited in place (etc/io.dtf.ci.gitlab-<name>.cfg).")
@interface GitLabConfig {

    @AttributeDefinition(name = "API URL",
            description = "GitLab's REST API v4, as jobs see it in CI_API_V4_URL: https://gitlab.com/api/v4, or "
                    + "https://gitlab.example.com/api/v4 for a self-managed server. Runs from another server are left "
                    + "to the configuration of that server.")
    String apiUrl() default GitLabProvider.GITLAB_COM;

    @AttributeDefinition(name = "Token", type = AttributeType.PASSWORD,
            description = "A project or group access token (role Developer or higher), or a personal access token, "
                    + "with the api scope, sent as PRIVATE-TOKEN (key .token); e.g. ${env:DTF_GITLAB_TOKEN}. Never printed.")
    String _token();

    @AttributeDefinition(name = "Projects", required = false,
            description = "Only runs of these projects: a project's path (group/project), a group's path (all the "
                    + "projects in it and its subgroups) or a project's numeric id. Empty: every project.")
    String[] projects() default {};

    @AttributeDefinition(name = "Requests per minute", min = "1",
            description = "At most this many API requests a minute (GitLab.com: 2,000 for authenticated API traffic "
                    + "per user); the answers' RateLimit headers and Retry-After are obeyed too.")
    int requestsPerMinute() default 2000;

    @AttributeDefinition(name = "Notes per minute", min = "1",
            description = "At most this many new merge request notes a minute (GitLab's note creation limit, 300 "
                    + "per user by default).")
    int notesPerMinute() default 300;

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; a report that fails for a time-out is tried again later.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for GitLab's Retry-After or the limits above; a longer wait goes "
                    + "back to DTF's delivery as RATE_LIMITED with that wait, and the report is sent then.")
    int maxRateLimitWaitSeconds() default 20;
}
