package io.dtf.ci.github.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One GitHub server and its credentials: a factory configuration each ({@code etc/io.dtf.ci.github-<name>.cfg}),
 * so that github.com and a GitHub Enterprise server are reported to side by side. The private key and the token
 * are private properties (their keys start with a dot): they never become service properties that
 * {@code service:list} or {@code dtf:ci} would print. Give them as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: GitHub",
        description = "Check runs with annotations (a GitHub App), commit statuses (a personal access token) and one "
                + "pull request comment per run name (etc/io.dtf.ci.github-<name>.cfg). Without credentials it "
                + "reports only runs that forward their job's GITHUB_TOKEN.")
@interface GitHubConfig {

    @AttributeDefinition(name = "API URL",
            description = "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.")
    String apiUrl() default "https://api.github.com";

    @AttributeDefinition(name = "GitHub App id", required = false,
            description = "The App's id (or client id): the issuer of its JWTs. With .privateKey; not with .token.")
    String appId() default "";

    @AttributeDefinition(name = "GitHub App private key", type = AttributeType.PASSWORD, required = false,
            description = "Key .privateKey: the App's private key as PEM text, or the path of its .pem file; "
                    + "e.g. ${env:DTF_GITHUB_APP_KEY}. Never printed.")
    String _privateKey() default "";

    @AttributeDefinition(name = "Installation id", required = false,
            description = "The App's installation to report with; empty: the installation on each run's "
                    + "repository, asked of GitHub once per repository.")
    String installationId() default "";

    @AttributeDefinition(name = "Personal access token", type = AttributeType.PASSWORD, required = false,
            description = "Key .token: a personal access token (commit statuses and comments; no check runs), "
                    + "instead of an App; e.g. ${env:DTF_GITHUB_TOKEN}. Never printed.")
    String _token() default "";

    @AttributeDefinition(name = "Check name",
            description = "Check runs are named '<check name> / <run name>'.")
    String checkName() default "dtf";

    @AttributeDefinition(name = "Pull request comments",
            description = "Whether a run on a pull request keeps one comment there with its report.")
    boolean commentsEnabled() default true;

    @AttributeDefinition(name = "Commit statuses",
            description = "auto: a commit status only where there are no check runs (with a personal access token); "
                    + "true: always; false: never.",
            options = {@Option(value = "auto"), @Option(value = "true"), @Option(value = "false")})
    String statusesEnabled() default "auto";

    @AttributeDefinition(name = "Most annotations",
            description = "The most failed tests annotated per check run, 50 per request; -1: all of them.", min = "-1")
    int maxAnnotations() default -1;

    @AttributeDefinition(name = "Test source root",
            description = "Where a failed test's annotation points when its test case has no 'file' property: "
                    + "<root>/<class path>.java.")
    String testSourceRoot() default "src/test/java";

    @AttributeDefinition(name = "Content requests per minute",
            description = "Requests that create or change content (POST, PATCH) per minute at most: GitHub's "
                    + "secondary rate limit allows about 80.", min = "1")
    int requestsPerMinute() default 80;

    @AttributeDefinition(name = "Owners", required = false,
            description = "The users and organizations whose runs this configuration reports; empty: all.")
    String[] owners() default {};

    @AttributeDefinition(name = "Repositories", required = false,
            description = "The repositories (owner/name) whose runs this configuration reports, besides the owners'; "
                    + "empty: all.")
    String[] repositories() default {};

    @AttributeDefinition(name = "Request time-out (s)", description = "How long one request may take.", min = "1")
    int timeoutSeconds() default 30;
}
