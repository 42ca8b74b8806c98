package org.example.dtf.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One webhook: a factory configuration each ({@code etc/org.example.dtf.webhook-<name>.cfg}). The URL and the
 * signing secret are private properties (their keys start with a dot), so that they never become service
 * properties that {@code service:list} would print; give them as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF example: webhook notifier",
        description = "Posts a signed JSON summary of each finished run to a URL (etc/org.example.dtf.webhook-<name>.cfg).")
@interface WebhookConfig {

    @AttributeDefinition(name = "URL", type = AttributeType.PASSWORD,
            description = "Where to post (key .url); e.g. ${env:DTF_WEBHOOK_URL}. Never printed.")
    String _url();

    @AttributeDefinition(name = "Signing secret", type = AttributeType.PASSWORD,
            description = "Key of the HMAC-SHA256 signature in X-DTF-Signature-256 (key .secret); "
                    + "e.g. ${env:DTF_WEBHOOK_SECRET}. Never printed.")
    String _secret();

    @AttributeDefinition(name = "Events",
            description = "The event types to post (dtf.hook): RUN_COMPLETED by default; any HookType name.")
    String[] dtf_hook() default {"RUN_COMPLETED"};

    @AttributeDefinition(name = "Request time-out (s)",
            description = "How long one post may take; DTF retries a failed post with backoff.", min = "1")
    int timeoutSeconds() default 20;
}
