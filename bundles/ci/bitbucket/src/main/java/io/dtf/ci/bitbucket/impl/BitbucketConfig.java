package io.dtf.ci.bitbucket.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Bitbucket Cloud credentials: a factory configuration each ({@code etc/io.dtf.ci.bitbucket-<name>.cfg}), one per
 * access token or account. Secrets are private properties (their keys start with a dot), so that they never become
 * service properties that {@code service:list} or {@code dtf:ci} would print; give them as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: Bitbucket Cloud",
        description = "Reports DTF runs of Bitbucket Pipelines back to Bitbucket Cloud: a Code Insights report with "
                + "annotations on failed tests, a commit build status, and one pull request comment edited in place "
                + "(etc/io.dtf.ci.bitbucket-<name>.cfg).")
@interface BitbucketConfig {

    @AttributeDefinition(name = "API URL", description = "Bitbucket Cloud's REST API 2.0.")
    String apiUrl() default BitbucketProvider.BITBUCKET_CLOUD;

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD, required = false,
            description = "A repository, project or workspace access token, sent as a bearer token (key .token); "
                    + "e.g. ${env:DTF_BITBUCKET_TOKEN}. Never printed. Give it, or username and .appPassword.")
    String _token();

    @AttributeDefinition(name = "User name", required = false,
            description = "For HTTP Basic instead of an access token: the Atlassian account's e-mail address (with an "
                    + "API token) or the Bitbucket user name (with an app password).")
    String username();

    @AttributeDefinition(name = "API token or app password", type = AttributeType.PASSWORD, required = false,
            description = "The password of username (key .appPassword): an Atlassian API token with Bitbucket scopes, "
                    + "or a Bitbucket app password; e.g. ${env:DTF_BITBUCKET_API_TOKEN}. Never printed.")
    String _appPassword();

    @AttributeDefinition(name = "Workspaces", required = false,
            description = "Only runs of repositories in these workspaces (their ids, as in bitbucket.org/<workspace>). "
                    + "Empty: every workspace the credentials may see.")
    String[] workspaces() default {};

    @AttributeDefinition(name = "Requests per hour", min = "1",
            description = "At most this many API requests an hour: Bitbucket Cloud allows 1,000 an hour to "
                    + "/2.0/repositories/*, up to 10,000 for access tokens of workspaces with many paid users.")
    int requestsPerHour() default 1000;

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; a report that fails for a time-out is tried again later.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for Bitbucket's Retry-After or the limit above; a longer wait "
                    + "goes back to DTF's delivery as RATE_LIMITED with that wait, and the report is sent then.")
    int maxRateLimitWaitSeconds() default 20;
}
