package io.dtf.api.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPropertiesTest {
    @Test
    void secretsAreMaskedByNameAndFrameworkPropertiesLeftOut() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("url", "https://jira.example.com");
        properties.put("project", "PROJ");
        properties.put("apiToken", "t0k3n-value");
        properties.put("webhookUrl", "https://chat.example.invalid/hooks/not-a-real-secret");
        properties.put(".password", "hunter22");
        properties.put("proxy", "http://user:pa55word@proxy:3128");
        properties.put("labels", new String[] {"dtf", "ci"});
        properties.put("service.pid", "io.dtf.connector.jira~main");
        properties.put("component.name", "io.dtf.connector.jira.impl.JiraConnector");
        properties.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.dtf.connector.jira-main.cfg");
        properties.put("objectClass", new String[] {"io.dtf.api.connector.ExternalSystemConnector"});

        Map<String, Object> shown = SecretProperties.shown(properties);

        assertEquals(List.of(".password", "apiToken", "labels", "project", "proxy", "url", "webhookUrl"),
                List.copyOf(shown.keySet()), "sorted, without the framework's");
        assertEquals(SecretProperties.MASK, shown.get("apiToken"));
        assertEquals(SecretProperties.MASK, shown.get("webhookUrl"));
        assertEquals(SecretProperties.MASK, shown.get(".password"));
        assertEquals("http://user:****@proxy:3128", shown.get("proxy"));
        assertEquals(List.of("dtf", "ci"), shown.get("labels"));
        assertEquals("https://jira.example.com", shown.get("url"));
        assertFalse(shown.toString().contains("t0k3n") || shown.toString().contains("pa55word"), shown.toString());
    }

    @Test
    void namesThatSaySecret() {
        for (String name : List.of("token", "botToken", "password", "client_secret", "api-key", "apikey",
                "privateKey", "signing.key", "credentials", ".anything")) {
            assertTrue(SecretProperties.isSecret(name), name);
        }
        for (String name : List.of("url", "project", "channel", "username", "rateLimit")) {
            assertFalse(SecretProperties.isSecret(name), name);
        }
    }
}
