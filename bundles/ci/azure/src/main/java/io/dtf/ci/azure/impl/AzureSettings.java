package io.dtf.ci.azure.impl;

import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * A configuration, checked: the organization URL without a trailing {@code /}, the token resolved and registered
 * as a secret ({@code null} when none is configured).
 */
record AzureSettings(URI organizationUrl, String token, Duration timeout, Duration maxRateLimitWait) {

    /** @throws IllegalArgumentException naming the key when a value is missing or wrong */
    static AzureSettings of(AzureConfig config) {
        String token = Secrets.resolve(config._token(), System::getenv);
        return new AzureSettings(organizationUrl(config.organizationUrl()),
                token == null || token.isBlank() ? null : Secrets.register(token.strip()),
                Duration.ofSeconds(config.timeoutSeconds()), Duration.ofSeconds(config.maxRateLimitWaitSeconds()));
    }

    static URI organizationUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(AzureDevOpsProvider.PID
                    + ": organizationUrl is required (e.g. organizationUrl = https://dev.azure.com/acme)");
        }
        try {
            URI url = new URI(value.strip().replaceAll("/+$", ""));
            JsonHttpClient.builder(url); // the client's own check: http(s), a host, no user, query or fragment
            return url;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(AzureDevOpsProvider.PID + ": organizationUrl '"
                    + Secrets.redact(value) + "' is not an http(s) URL such as https://dev.azure.com/acme");
        }
    }
}
