package io.dtf.connector.jira.impl;

import java.util.Locale;

/**
 * Which Jira a configuration talks to: they differ in the REST API version, in how rich text is written and in how
 * searches page.
 */
enum Deployment {
    /** Jira Cloud: REST API v3, Atlassian Document Format, {@code /search/jql} paged by {@code nextPageToken}. */
    CLOUD("/rest/api/3"),
    /** Jira Data Center: REST API v2, wiki markup, {@code /search} paged by {@code startAt}. */
    DATACENTER("/rest/api/2");

    private final String api;

    Deployment(String api) {
        this.api = api;
    }

    /** The path of the REST API under the site's base URL. */
    String api() {
        return api;
    }

    static Deployment of(String value) {
        String name = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
        return switch (name) {
            case "cloud" -> CLOUD;
            case "datacenter", "dc", "server" -> DATACENTER;
            default -> throw new IllegalArgumentException(JiraConnector.PID + ": deployment must be cloud or datacenter, not '"
                    + value + "'");
        };
    }
}
