package io.dtf.ci.github.impl;

import io.dtf.http.JsonHttpClient;

/**
 * Requests to GitHub's REST API as its reference asks for them
 * (https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api): the media type
 * {@code application/vnd.github+json} and the API version {@code 2022-11-28} on every one; those that create or
 * change content count against the {@link #CONTENT} rate-limit target, the ~80 per minute of GitHub's secondary
 * limits (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 */
final class GitHubHttp {
    static final String ACCEPT = "application/vnd.github+json";
    static final String API_VERSION = "2022-11-28";
    /** The rate-limit target of requests that create or change content. */
    static final String CONTENT = "github-content";

    private final JsonHttpClient http;

    GitHubHttp(JsonHttpClient http) {
        this.http = http;
    }

    void close() {
        http.close();
    }

    /** A request that reads, or gets credentials. */
    JsonHttpClient.Call request(String method, String path, Object... segments) {
        return http.request(method, path, segments).header("Accept", ACCEPT).header("X-GitHub-Api-Version", API_VERSION);
    }

    /** A request that creates or changes content: within the content rate limit. */
    JsonHttpClient.Call creating(String method, String path, Object... segments) {
        return request(method, path, segments).target(CONTENT);
    }
}
