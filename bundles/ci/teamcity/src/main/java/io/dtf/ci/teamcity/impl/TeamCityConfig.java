package io.dtf.ci.teamcity.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One TeamCity server: a factory configuration each ({@code etc/io.dtf.ci.teamcity-<name>.cfg}). The access token
 * is a private property ({@code .token}), so that it never becomes a service property; give it as
 * {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: TeamCity",
        description = "Shows each run's status as the status text of the TeamCity build that submitted it "
                + "(etc/io.dtf.ci.teamcity-<name>.cfg).")
@interface TeamCityConfig {

    @AttributeDefinition(name = "Server URL",
            description = "The server's root URL (teamcity.serverUrl), e.g. https://teamcity.example.com. Runs "
                    + "whose serverUrl or build URL is this server's are reported here.")
    String serverUrl();

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD,
            description = "Key .token: a TeamCity access token (sent as a bearer token); e.g. "
                    + "${env:TEAMCITY_TOKEN}. Never printed.")
    String _token();

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may wait for its answer.")
    int timeoutSeconds() default 30;
}
