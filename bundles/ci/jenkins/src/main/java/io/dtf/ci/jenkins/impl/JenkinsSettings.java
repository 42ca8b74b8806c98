package io.dtf.ci.jenkins.impl;

import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * A configuration, checked: the root URL ending with {@code /}, the user, and the API token or else the password,
 * resolved ({@code ${env:NAME}}) and registered as secrets.
 *
 * @param apiToken the API token, or {@code null} when the password is used
 * @param password the password, or {@code null} when an API token is used
 */
record JenkinsSettings(URI jenkinsUrl, String user, String apiToken, String password, Duration timeout) {

    /** @throws IllegalArgumentException naming the key when a value is missing or wrong */
    static JenkinsSettings of(JenkinsConfig config) {
        String token = secret(config._apiToken());
        String password = token == null ? secret(config._password()) : null;
        if (config.user() == null || config.user().isBlank()) {
            throw new IllegalArgumentException(JenkinsProvider.PID + ": user is required (the Jenkins user of the "
                    + "API token)");
        }
        if (token == null && password == null) {
            throw new IllegalArgumentException(JenkinsProvider.PID + ": .apiToken (or .password) is required, e.g. "
                    + ".apiToken = ${env:JENKINS_API_TOKEN}"
                    + (config._apiToken() != null && config._apiToken().contains("${env:") ? " (" + config._apiToken()
                    + " is not set)" : ""));
        }
        return new JenkinsSettings(jenkinsUrl(config.jenkinsUrl()), config.user().strip(), token, password,
                Duration.ofSeconds(config.timeoutSeconds()));
    }

    static URI jenkinsUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(JenkinsProvider.PID
                    + ": jenkinsUrl is required (e.g. jenkinsUrl = https://jenkins.example.com/)");
        }
        try {
            String text = value.strip();
            URI url = new URI(text.endsWith("/") ? text : text + "/");
            JsonHttpClient.builder(url); // the client's own check: http(s), a host, no user, query or fragment
            return url;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(JenkinsProvider.PID + ": jenkinsUrl '" + Secrets.redact(value)
                    + "' is not an http(s) URL such as https://jenkins.example.com/");
        }
    }

    private static String secret(String value) {
        String resolved = Secrets.resolve(value, System::getenv);
        return resolved == null || resolved.isBlank() ? null : Secrets.register(resolved.strip());
    }
}
