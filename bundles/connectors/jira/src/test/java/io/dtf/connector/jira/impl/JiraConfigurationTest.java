package io.dtf.connector.jira.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration the connector cannot work with is refused when it is read, with a message naming the key. */
class JiraConfigurationTest {
    private static final Map<String, Object> CLOUD = Map.of("baseUrl", "https://acme.atlassian.net", "email",
            JiraFixture.EMAIL, ".apiToken", JiraFixture.API_TOKEN, "projectKey", "SHOP");

    @Test
    void cloudNeedsTheEmailAndTheApiToken() {
        assertEquals("io.dtf.connector.jira: .apiToken is required: an API token of that account, e.g. "
                + ".apiToken = ${env:DTF_JIRA_API_TOKEN}", refused(without(CLOUD, ".apiToken")));
        assertTrue(refused(without(CLOUD, "email")).startsWith("io.dtf.connector.jira: email is required"));
    }

    @Test
    void dataCenterNeedsThePersonalAccessTokenNotTheApiToken() {
        Map<String, Object> dc = with(CLOUD, "deployment", "datacenter");
        assertTrue(refused(dc).startsWith("io.dtf.connector.jira: .token is required: a personal access token"), refused(dc));
        JiraFixture.connector(JiraFixture.time(), with(with(dc, ".token", JiraFixture.PAT), ".apiToken", "")).deactivate();
    }

    @Test
    void anUnsetEnvironmentVariableIsNamedAndNoSecretIsShown() {
        String message = refused(with(CLOUD, ".apiToken", "${env:DTF_TEST_SURELY_UNSET_JIRA_TOKEN}"));
        assertTrue(message.contains("DTF_TEST_SURELY_UNSET_JIRA_TOKEN"), message);
        assertTrue(message.startsWith("io.dtf.connector.jira: "), message);
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("io.dtf.connector.jira: deployment must be cloud or datacenter, not 'server-ish'",
                refused(with(CLOUD, "deployment", "server-ish")));
        assertTrue(refused(with(CLOUD, "labelPrefix", "dtf test ")).contains("labelPrefix must be a non-empty label prefix without spaces"));
        assertTrue(refused(with(CLOUD, "baseUrl", "https://acme.atlassian.net/rest/api/3")).contains("baseUrl must be the http(s) URL of the Jira site"));
        assertTrue(refused(without(CLOUD, "projectKey")).contains("projectKey is required"));
        assertTrue(refused(with(CLOUD, "requestsPerSecond", 0)).contains("requestsPerSecond must be 1 or more, not 0"));
        assertTrue(refused(with(CLOUD, "labels", new String[] {"dtf", "flaky tests"})).contains("labels cannot contain spaces: 'flaky tests'"));
    }

    @Test
    void labelsAreAListOrOneCommaSeparatedValueAsACfgFileGivesIt() {
        assertEquals(List.of("dtf", "nightly", "web"), JiraConnector.labels(new String[] {"dtf, nightly", " web "}));
        assertEquals(List.of(), JiraConnector.labels(new String[] {""}));
    }

    @Test
    void theBaseUrlsPasswordIsNotShown() {
        String message = refused(with(CLOUD, "baseUrl", "ftp://bot:hunter2secret@jira.example.com"));
        assertFalse(message.contains("hunter2secret"), message);
    }

    private static String refused(Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> JiraFixture.connector(JiraFixture.time(), settings)).getMessage();
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(settings);
        changed.put(key, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> settings, String key) {
        Map<String, Object> changed = new HashMap<>(settings);
        changed.remove(key);
        return changed;
    }
}
