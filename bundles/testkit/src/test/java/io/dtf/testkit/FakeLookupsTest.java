package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.connector.ConnectorState;
import io.dtf.api.task.CIContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeLookupsTest {
    @Test
    void connectorsAreFoundByNameAndTypeUntilRemoved() {
        FakeConnector team = new FakeConnector();
        FakeConnector ops = new FakeConnector();
        FakeConnectors connectors = new FakeConnectors().add("team", "slack", team).add("ops", "slack", ops);

        assertSame(team, connectors.byName("team").orElseThrow());
        assertEquals(List.of(team, ops), connectors.byType("slack"));
        assertEquals(ConnectorState.DISCONNECTED, connectors.all().get(0).state());
        assertThrows(IllegalArgumentException.class, () -> connectors.add("team", "msteams", new FakeConnector()));
        connectors.remove("team");
        assertTrue(connectors.byName("team").isEmpty());
    }

    @Test
    void theProviderOfAContextIsTheFirstThatAcceptsIt() {
        FakeCIProvider enterprise = new FakeCIProvider().accepting(c -> c.repository().startsWith("https://ghe"));
        FakeCIProvider github = new FakeCIProvider().capabilities(CICapability.BUILD_STATUS);
        FakeCIProviders providers = new FakeCIProviders().add("github", enterprise).add("github", github);

        CIContext ghe = new CIContext("github", "https://ghe.example.com/a/b", null, null, null, null, null, Map.of());
        CIContext dotCom = new CIContext("github", "a/b", null, null, null, null, null, Map.of());
        assertSame(enterprise, providers.forContext(ghe).orElseThrow());
        assertSame(github, providers.forContext(dotCom).orElseThrow());
        assertEquals(2, providers.all().size());
        providers.remove(enterprise);
        assertSame(github, providers.byName("github").orElseThrow());
    }

    @Test
    void channelsAreFoundByNameAndKind() {
        FakeNotificationChannel mail = new FakeNotificationChannel();
        FakeNotificationChannels channels = new FakeNotificationChannels().add("oncall", "email", mail);

        assertSame(mail, channels.byName("oncall").orElseThrow());
        assertEquals(List.of(mail), channels.byType("email"));
        assertEquals("email", channels.all().get(0).type());
        channels.remove("oncall");
        assertTrue(channels.all().isEmpty());
    }
}
