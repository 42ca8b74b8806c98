package io.dtf.api.notify;

import io.dtf.api.task.RunId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message for people about something that happened in DTF, as a channel delivers it. Channels render it their
 * way (a Slack block, a Teams card, an e-mail); {@code text} is Markdown (CommonMark: emphasis, links, lists,
 * code), which each converts or strips.
 *
 * @param id stable: the same notification sent again (a retry, an event delivered again) has the same id, so that a
 *     channel that can (an e-mail's {@code Message-ID}, a webhook's idempotency key) delivers it once
 * @param title one line
 * @param text the body, Markdown; may be empty
 * @param severity how much it matters
 * @param event what it is about: the {@code HookType} name of the event that caused it ({@code RUN_COMPLETED}), or a
 *     plugin's own topic; {@code null} when it is about no event
 * @param eventId the id of that event ({@code DtfEvent.id()}), or {@code null}
 * @param run the run it is about, or {@code null}
 * @param labels the run's labels and the router's, for channels that show or route by them
 * @param links titled links, in order (the run in DTF, the CI build, the pull request)
 * @param fields name/value facts, in order ({@code Duration: 10m 15s}); Teams facts, Slack fields
 * @param groupKey notifications with one key belong together (a thread, a grouped digest); {@code null} for none
 * @param at when what it tells happened
 */
public record Notification(String id, String title, String text, Severity severity, String event, String eventId,
                           RunId run, Map<String, String> labels, List<Link> links, Map<String, String> fields,
                           String groupKey, Instant at) {
    /** A titled link. */
    public record Link(String title, URI url) {
        public Link {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(url, "url");
        }
    }

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(at, "at");
        text = text == null ? "" : text;
        severity = severity == null ? Severity.INFO : severity;
        labels = ordered(labels);
        links = links == null ? List.of() : List.copyOf(links);
        fields = ordered(fields);
    }

    /** A notification with a title and severity; the builder adds the rest. */
    public static Builder builder(String title, Severity severity) {
        return new Builder(title, severity);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * Builds a notification. Without an {@link #id(String) id}, it is the event id when there is one (one event,
     * one notification per channel), else random; without a time, now.
     */
    public static final class Builder {
        private final String title;
        private final Severity severity;
        private String id;
        private String text = "";
        private String event;
        private String eventId;
        private RunId run;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Link> links = new ArrayList<>();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String groupKey;
        private Instant at;

        private Builder(String title, Severity severity) {
            this.title = Objects.requireNonNull(title, "title");
            this.severity = severity;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder text(String markdown) {
            this.text = markdown;
            return this;
        }

        /** The event it is about: its type (or topic) and id. */
        public Builder event(String event, String eventId) {
            this.event = event;
            this.eventId = eventId;
            return this;
        }

        public Builder run(RunId run) {
            this.run = run;
            return this;
        }

        public Builder label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        public Builder labels(Map<String, String> more) {
            labels.putAll(more);
            return this;
        }

        public Builder link(String linkTitle, URI url) {
            links.add(new Link(linkTitle, url));
            return this;
        }

        public Builder field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public Builder groupKey(String key) {
            this.groupKey = key;
            return this;
        }

        public Builder at(Instant when) {
            this.at = when;
            return this;
        }

        public Notification build() {
            String theId = id != null ? id : eventId != null ? eventId : UUID.randomUUID().toString();
            return new Notification(theId, title, text, severity, event, eventId, run, labels, links, fields, groupKey,
                    at == null ? Instant.now() : at);
        }
    }
}
