package io.dtf.connector.testrail.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One TestRail project of one TestRail instance: a factory configuration each
 * ({@code etc/io.dtf.connector.testrail-<name>.cfg}). The API key is a private property (its key starts with a dot),
 * so that it never becomes a service property that {@code dtf:connectors} or REST would show; give it as
 * {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF connector: TestRail",
        description = "Reports DTF test results to a TestRail project through API v2: a test run of the mapped "
                + "cases, their results in bulk, the run closed (etc/io.dtf.connector.testrail-<name>.cfg).")
@interface TestRailConfig {

    @AttributeDefinition(name = "TestRail URL",
            description = "The instance's web address, without index.php: https://acme.testrail.io for TestRail Cloud, "
                    + "https://testrail.example.com/testrail for a server.")
    String baseUrl();

    @AttributeDefinition(name = "User", description = "The e-mail address of the TestRail user the API key belongs to.")
    String username();

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD,
            description = "The user's API key (My Settings > API Keys; the API must be enabled under Administration > "
                    + "Site Settings > API), sent with the user as HTTP Basic credentials (key .apiKey); e.g. "
                    + "${env:DTF_TESTRAIL_API_KEY}. Never printed.")
    String _apiKey();

    @AttributeDefinition(name = "Project id", min = "1", description = "The TestRail project runs are made in (P12 is 12).")
    long projectId();

    @AttributeDefinition(name = "Suite id", min = "0",
            description = "The test suite of the runs (S3 is 3): required when the project has several suites; 0 for a "
                    + "single-suite project.")
    long suiteId() default 0;

    @AttributeDefinition(name = "Case mapping",
            description = "How a DTF test case finds its TestRail case: by a property of its JUnit XML test case "
                    + "(property) or by a pattern in its name (name).",
            options = {@Option(label = "JUnit XML property", value = "property"), @Option(label = "Name rule", value = "name")})
    String caseMapping() default "property";

    @AttributeDefinition(name = "Case property",
            description = "With caseMapping = property: the JUnit XML property naming the case: C123 or 123, several "
                    + "separated by commas.")
    String caseProperty() default "testrail_case_id";

    @AttributeDefinition(name = "Case name pattern",
            description = "With caseMapping = name: a regular expression found in the test's name whose first group "
                    + "is a case id; every match counts.")
    String caseNamePattern() default "\\bC(\\d+)\\b";

    @AttributeDefinition(name = "Skipped tests as",
            description = "The TestRail status of a skipped test: blocked (2, it could not be tested) or retest (4).",
            options = {@Option(label = "Blocked", value = "blocked"), @Option(label = "Retest", value = "retest")})
    String skippedStatus() default "blocked";

    @AttributeDefinition(name = "Close runs", description = "Close a reported run once its results are in (report_run).")
    boolean closeRunOnComplete() default true;

    @AttributeDefinition(name = "Report runs", required = false,
            description = "The finished runs this instance reports, each as one TestRail run named <run name> #<run id>: "
                    + "matchers on the run's labels (run_name, tenant, provider, repository, branch, commit, pull_request "
                    + "and the run's own labels), label=value or label=~regex, separated by commas, all of which must "
                    + "match, e.g. run_name=~nightly-.*, branch=main; run_name=~.* reports every run. Empty: no run is "
                    + "reported, the instance only answers operations and dtf:connector-test.")
    String[] reportRuns() default {};

    @AttributeDefinition(name = "Results per request", min = "1", max = "1000",
            description = "Results sent in one add_results_for_cases call; a run's results take as many calls as needed.")
    int resultsPerRequest() default 250;

    @AttributeDefinition(name = "Requests per minute", min = "1",
            description = "At most this many API requests a minute: TestRail Cloud allows 180 (Professional) or 300 "
                    + "(Enterprise) per instance; its 429 and Retry-After are obeyed too.")
    int requestsPerMinute() default 180;

    @AttributeDefinition(name = "Request time-out (s)", min = "1", description = "How long one request may take.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for TestRail's Retry-After or the limit above; a longer wait goes "
                    + "back to the caller as RATE_LIMITED with that wait.")
    int maxRateLimitWaitSeconds() default 20;
}
