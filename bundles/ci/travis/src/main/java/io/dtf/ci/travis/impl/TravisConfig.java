package io.dtf.ci.travis.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Travis CI server and token: a factory configuration each ({@code etc/io.dtf.ci.travis-<name>.cfg}). The token
 * is a private property (its key starts with a dot), so that it never becomes a service property; give it as
 * {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: Travis CI",
        description = "Reads the build of runs submitted from Travis CI through API v3 "
                + "(etc/io.dtf.ci.travis-<name>.cfg). Results are in the job's log and JUnit XML.")
@interface TravisConfig {

    @AttributeDefinition(name = "API URL",
            description = "Travis CI's API v3: https://api.travis-ci.com, or https://<server>/api for Travis CI Enterprise.")
    String apiUrl() default TravisProvider.DEFAULT_API_URL;

    @AttributeDefinition(name = "Web URL",
            description = "Where people see builds: <web URL>/<owner>/<repository>/builds/<id>.")
    String webUrl() default TravisProvider.DEFAULT_WEB_URL;

    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD,
            description = "A Travis CI API token of a user who may see the repositories (key .token), sent as "
                    + "Authorization: token <token>; e.g. ${env:TRAVIS_TOKEN}. Never printed.")
    String _token();

    @AttributeDefinition(name = "Repositories", required = false,
            description = "The repositories this configuration reports (acme/shop); * stands for any owner or "
                    + "name (acme/*). Empty: every repository.")
    String[] repositories() default {};

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; the report is tried again later when it fails.")
    int timeoutSeconds() default 20;
}
