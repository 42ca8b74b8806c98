package io.dtf.connector.slack.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Slack destination: a factory configuration each ({@code etc/io.dtf.connector.slack-<name>.cfg}). Either a bot
 * token with a channel (the Web API: threads, reactions, edits) or an incoming webhook URL (a channel fixed by the
 * webhook; no threads). Both secrets are private properties (keys starting with a dot), so that they never become
 * service properties that {@code dtf:connectors} or {@code service:list} would print; give them as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF connector: Slack",
        description = "Posts DTF notifications to Slack as Block Kit messages, follow-ups in the first message's thread; "
                + "a connector too (post_message, add_reaction, update_message). etc/io.dtf.connector.slack-<name>.cfg")
@interface SlackConfig {

    @AttributeDefinition(name = "Web API URL",
            description = "Slack's Web API; methods are called at <apiUrl>/<method> (chat.postMessage).")
    String apiUrl() default SlackConnector.SLACK_API;

    @AttributeDefinition(name = "Bot token", type = AttributeType.PASSWORD, required = false,
            description = "A bot token (xoxb-...) with the scopes chat:write (and chat:write.public to post in public "
                    + "channels the bot has not joined, reactions:write for add_reaction), sent as Authorization: Bearer "
                    + "(key .botToken); e.g. ${env:DTF_SLACK_TOKEN}. Never printed. Give this or .webhookUrl.")
    String _botToken();

    @AttributeDefinition(name = "Channel", required = false,
            description = "With a bot token: the channel messages go to, by id (C0123456789, preferred: it survives "
                    + "renames) or by name (#qa).")
    String channel();

    @AttributeDefinition(name = "Incoming webhook URL", type = AttributeType.PASSWORD, required = false,
            description = "Instead of a bot token: an incoming webhook URL (https://hooks.slack.com/services/T../B../..; "
                    + "key .webhookUrl). The URL is the secret; never printed. Webhook messages cannot start threads.")
    String _webhookUrl();

    @AttributeDefinition(name = "User name", required = false,
            description = "The name messages are posted under (needs chat:write.customize); empty: the app's.")
    String username();

    @AttributeDefinition(name = "Icon", required = false,
            description = "An emoji (:robot_face:) or an image URL messages are posted with (needs "
                    + "chat:write.customize); empty: the app's.")
    String icon();

    @AttributeDefinition(name = "Messages per second per channel", min = "1",
            description = "At most this many messages a second to one channel (Slack: about 1 for chat.postMessage and "
                    + "incoming webhooks, short bursts allowed); Retry-After on a 429 is obeyed too.")
    int messagesPerSecond() default 1;

    @AttributeDefinition(name = "Other calls per minute", min = "1",
            description = "At most this many other Web API calls a minute (auth.test, chat.update, reactions.add: "
                    + "Slack's tier 3, 50+ a minute).")
    int callsPerMinute() default 50;

    @AttributeDefinition(name = "Threads remembered", min = "1",
            description = "How many notification groups remember their thread (the first message's ts), in memory and "
                    + "in a file of the bundle's data area that a restart reads; the least recently used is forgotten "
                    + "first, and its next follow-up starts a new thread.")
    int threadCacheSize() default 1000;

    @AttributeDefinition(name = "Thread days", min = "1",
            description = "For how many days after a group's first message its follow-ups are replies in its thread; "
                    + "later ones start a new thread.")
    int threadDays() default 7;

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may take; a message that fails for a time-out is UNAVAILABLE (retryable).")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for the per-channel limit or Slack's Retry-After; a longer wait "
                    + "goes back to the caller as RATE_LIMITED with that wait.")
    int maxRateLimitWaitSeconds() default 10;
}
