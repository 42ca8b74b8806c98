package io.dtf.ci.bitbucket.impl;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.testing.ManualHttpTime;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** What the Bitbucket tests share: a provider on a server's URL, Pipelines jobs' contexts, and how a report failed. */
final class BitbucketFixture {
    static final String TOKEN = "ATCTT3xFfGN0-example-access-token";
    static final String SHA = "e10dae226959c2194f2b07b077c07762d93821cf";

    private BitbucketFixture() {
    }

    /** A provider with an access token on this API URL (and these other settings), on manual time. */
    static BitbucketProvider provider(String apiUrl, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("apiUrl", apiUrl);
        if (!all.containsKey("username")) {
            all.putIfAbsent(".token", TOKEN);
        }
        BitbucketProvider provider = new BitbucketProvider();
        provider.activate(config(all), new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z")));
        return provider;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.ci.bitbucket-<name>.cfg. */
    static BitbucketConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return (BitbucketConfig) Proxy.newProxyInstance(BitbucketConfig.class.getClassLoader(),
                new Class<?>[] {BitbucketConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    /** The context the dtf client detects in a pull request pipeline of acme/shop (build 321), or a branch's. */
    static CIContext pipeline(Integer pullRequest) {
        return new CIContext("bitbucket", "acme/shop", SHA, "feature/login", pullRequest, "321",
                URI.create("https://bitbucket.org/acme/shop/pipelines/results/321"),
                Map.of("workspace", "acme", "repoSlug", "shop", "repoUuid", "{0b9e6a3e-0000-4000-8000-000000000001}"));
    }

    /** The result the future failed with. */
    static ExternalSystemResult failure(CompletableFuture<?> report) {
        CompletionException failed = assertThrows(CompletionException.class, () -> report.orTimeout(20, TimeUnit.SECONDS).join());
        return assertInstanceOf(ExternalSystemException.class, failed.getCause(), String.valueOf(failed.getCause())).result();
    }

    static <T> T done(CompletableFuture<T> report) {
        return report.orTimeout(20, TimeUnit.SECONDS).join();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Bitbucket Cloud's error body. */
    static ResponseDefinitionBuilder error(int status, String message) {
        return json(status, "{\"type\":\"error\",\"error\":{\"message\":\"" + message + "\"}}");
    }
}
