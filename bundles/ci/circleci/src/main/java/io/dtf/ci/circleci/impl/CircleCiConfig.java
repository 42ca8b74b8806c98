package io.dtf.ci.circleci.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One CircleCI server and token: a factory configuration each ({@code etc/io.dtf.ci.circleci-<name>.cfg}). The
 * token is a private property (its key starts with a dot), so that it never becomes a service property; give it as
 * {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: CircleCI",
        description = "Reads the job, pipeline and workflow of runs submitted from CircleCI through API v2 "
                + "(etc/io.dtf.ci.circleci-<name>.cfg). Test results reach CircleCI through store_test_results.")
@interface CircleCiConfig {

    @AttributeDefinition(name = "API URL",
            description = "CircleCI's API v2: https://circleci.com/api/v2, or <server>/api/v2 for CircleCI server.")
    String apiUrl() default CircleCiProvider.DEFAULT_API_URL;

    @AttributeDefinition(name = "Personal API token", type = AttributeType.PASSWORD,
            description = "A personal API token of a user who may see the projects (key .token), sent as "
                    + "Circle-Token; e.g. ${env:CIRCLECI_TOKEN}. Never printed.")
    String _token();

    @AttributeDefinition(name = "Project slugs", required = false,
            description = "The projects this configuration reports, as slugs (gh/acme/shop); * stands for any "
                    + "part between slashes (gh/acme/*). Empty: every project.")
    String[] projectSlugs() default {};

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; the report is tried again later when it fails.")
    int timeoutSeconds() default 20;
}
