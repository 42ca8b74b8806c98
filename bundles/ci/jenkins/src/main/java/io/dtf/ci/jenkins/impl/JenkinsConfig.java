package io.dtf.ci.jenkins.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Jenkins controller: a factory configuration each ({@code etc/io.dtf.ci.jenkins-<name>.cfg}). The API token
 * or password is a private property ({@code .apiToken}, {@code .password}), so that it never becomes a service
 * property; give it as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: Jenkins",
        description = "Shows each run's status in the description of the Jenkins build that submitted it "
                + "(etc/io.dtf.ci.jenkins-<name>.cfg).")
@interface JenkinsConfig {

    @AttributeDefinition(name = "Jenkins URL",
            description = "The controller's root URL (JENKINS_URL), e.g. https://jenkins.example.com/. Runs whose "
                    + "build URL is below it are reported here; credentials are never sent elsewhere.")
    String jenkinsUrl();

    @AttributeDefinition(name = "User", description = "The Jenkins user the API token or password belongs to.")
    String user();

    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD, required = false,
            description = "Key .apiToken: the user's API token (recommended: no CSRF crumb needed); e.g. "
                    + "${env:JENKINS_API_TOKEN}. Never printed.")
    String _apiToken();

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Key .password: the user's password, used only without an API token (then a CSRF "
                    + "crumb is fetched for each session); e.g. ${env:JENKINS_PASSWORD}. Never printed.")
    String _password();

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may wait for its answer.")
    int timeoutSeconds() default 30;
}
