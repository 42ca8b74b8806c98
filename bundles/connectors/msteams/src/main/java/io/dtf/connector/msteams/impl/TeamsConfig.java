package io.dtf.connector.msteams.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Teams channel's Workflows webhook: a factory configuration each ({@code etc/io.dtf.connector.msteams-<name>.cfg}).
 * The webhook URL is a private property (its key starts with a dot): its signature ({@code sig=}) is the only
 * credential, so it never becomes a service property that {@code dtf:connectors} or REST would show.
 */
@ObjectClassDefinition(name = "DTF connector: Microsoft Teams",
        description = "Posts DTF notifications as Adaptive Cards to a Teams channel through a Workflows webhook "
                + "(etc/io.dtf.connector.msteams-<name>.cfg).")
@interface TeamsConfig {

    @AttributeDefinition(name = "Webhook URL", type = AttributeType.PASSWORD,
            description = "The HTTP URL of the Workflows flow \"Post to a channel when a webhook request is received\" "
                    + "(key .webhookUrl); e.g. ${env:DTF_TEAMS_WEBHOOK_URL}. It carries its signature: never printed.")
    String _webhookUrl();

    @AttributeDefinition(name = "Requests per second", min = "1",
            description = "At most this many posts a second: Teams throttles a webhook that gets more than 4 a second "
                    + "(429); its Retry-After is obeyed too.")
    int requestsPerSecond() default 4;

    @AttributeDefinition(name = "Request time-out (s)", min = "1", description = "How long one post may take.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a post may wait for a Retry-After or the limit above; a longer wait goes back to "
                    + "the caller as RATE_LIMITED with that wait.")
    int maxRateLimitWaitSeconds() default 20;
}
