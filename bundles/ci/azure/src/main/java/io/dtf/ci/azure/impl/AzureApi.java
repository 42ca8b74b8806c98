package io.dtf.ci.azure.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAuth;
import io.dtf.http.JsonHttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one set of credentials to the organization: each with {@code api-version=7.1}, as every Azure
 * DevOps REST call must name its version, and with the credentials of the provider (the personal access token) or
 * of the view made for a job's token.
 */
final class AzureApi {
    static final String API_VERSION = "7.1";

    private final JsonHttpClient http;
    private final HttpAuth auth;

    AzureApi(JsonHttpClient http, HttpAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    JsonHttpClient.Call get(String path, Object... segments) {
        return prepared(http.get(path, segments));
    }

    JsonHttpClient.Call post(String path, Object... segments) {
        return prepared(http.post(path, segments));
    }

    JsonHttpClient.Call patch(String path, Object... segments) {
        return prepared(http.patch(path, segments));
    }

    private JsonHttpClient.Call prepared(JsonHttpClient.Call call) {
        return call.query("api-version", API_VERSION).auth(auth);
    }

    /** The items of a list answer: {@code {"count": n, "value": [...]}}, or a bare array. */
    static List<JsonNode> values(JsonNode answer) {
        JsonNode items = answer == null ? null : answer.isArray() ? answer : answer.get("value");
        List<JsonNode> list = new ArrayList<>();
        if (items != null && items.isArray()) {
            items.forEach(list::add);
        }
        return list;
    }
}
