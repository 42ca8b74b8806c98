package io.dtf.connector.jira.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One Jira project on one Jira site: a factory configuration each ({@code etc/io.dtf.connector.jira-<name>.cfg}). The
 * credentials are private properties (keys starting with a dot), so that they never become service properties that
 * {@code dtf:connectors} or {@code service:list} would print; give them as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF connector: Jira",
        description = "Failing tests become Jira issues (found again by a label per test), repeat failures comments, "
                + "passing tests a transition (etc/io.dtf.connector.jira-<name>.cfg).")
@interface JiraConfig {

    @AttributeDefinition(name = "Base URL",
            description = "The Jira site: https://<site>.atlassian.net for Cloud, or the Data Center base URL with its "
                    + "context path (https://jira.example.com/jira).")
    String baseUrl();

    @AttributeDefinition(name = "Deployment", options = {
            @Option(value = "cloud", label = "Jira Cloud: REST API v3, Atlassian Document Format, e-mail + API token"),
            @Option(value = "datacenter", label = "Jira Data Center: REST API v2, wiki markup, personal access token")},
            description = "cloud or datacenter.")
    String deployment() default "cloud";

    @AttributeDefinition(name = "E-mail", required = false,
            description = "Cloud: the Atlassian account's e-mail address the API token belongs to.")
    String email() default "";

    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD, required = false,
            description = "Cloud: an API token of that account (key .apiToken), e.g. ${env:DTF_JIRA_API_TOKEN}. Never printed.")
    String _apiToken() default "";

    @AttributeDefinition(name = "Personal access token", type = AttributeType.PASSWORD, required = false,
            description = "Data Center: a personal access token (key .token), sent as Bearer, e.g. ${env:DTF_JIRA_TOKEN}. "
                    + "Never printed.")
    String _token() default "";

    @AttributeDefinition(name = "Project key", description = "The project issues are made in and looked for in, e.g. SHOP.")
    String projectKey();

    @AttributeDefinition(name = "Issue type", description = "The type of the issues made for failing tests.")
    String issueType() default "Bug";

    @AttributeDefinition(name = "Label prefix",
            description = "A test's issue carries this prefix and a short hash of the test's id as a label, and the "
                    + "prefix without its trailing dash as the label all DTF issues share (dtf-test); no spaces.")
    String labelPrefix() default "dtf-test-";

    @AttributeDefinition(name = "Labels", required = false,
            description = "Further labels every issue made for a failing test carries (in a .cfg file: comma-separated).")
    String[] labels() default {"dtf"};

    @AttributeDefinition(name = "Transition on pass",
            description = "The workflow transition (or the status it leads to) an open issue takes when its test passes "
                    + "again, e.g. Done, Resolve Issue.")
    String transitionOnPass() default "Done";

    @AttributeDefinition(name = "Transition on failure", required = false,
            description = "When set, a failing test whose issue is done already takes this transition back (e.g. Reopen "
                    + "Issue), with a comment; empty: a new issue is opened.")
    String transitionOnFailure() default "";

    @AttributeDefinition(name = "Report runs", required = false,
            description = "The finished runs this instance reports: their failing tests become issues (or comments), "
                    + "their passing tests move their open issues on. Matchers on the run's labels (run_name, tenant, "
                    + "provider, repository, branch, commit, pull_request and the run's own labels), label=value or "
                    + "label=~regex, separated by commas, all of which must match, e.g. run_name=~nightly-.*, branch=main; "
                    + "run_name=~.* reports every run. Empty: no run is reported, the instance only answers operations "
                    + "and dtf:connector-test.")
    String[] reportRuns() default {};

    @AttributeDefinition(name = "Issues per run", min = "1",
            description = "At most this many failing tests of one run are reported (the first ones); more failures at "
                    + "once usually mean broken infrastructure rather than that many bugs, and the log says how many "
                    + "there were.")
    int maxIssuesPerRun() default 20;

    @AttributeDefinition(name = "Requests per second", min = "1",
            description = "At most this many requests a second (Atlassian's example budget for Cloud, and Data Center's "
                    + "default when an administrator turns rate limiting on, is 10); 429 answers' Retry-After and the "
                    + "X-RateLimit headers are obeyed too.")
    int requestsPerSecond() default 10;

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; a call that times out is UNAVAILABLE and may be tried again.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for Jira's Retry-After or the limit above; a longer wait ends the call "
                    + "RATE_LIMITED with that wait, for the caller to try again then.")
    int maxRateLimitWaitSeconds() default 20;
}
