package io.dtf.api.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceNameTest {
    private static final String NAME = ExternalSystemConnector.NAME;
    private static final String TYPE = ExternalSystemConnector.TYPE;

    @Test
    void aFactoryConfigurationNamesItsInstance() {
        // etc/io.dtf.connector.slack-team.cfg
        assertEquals("team", InstanceName.of(Map.of(TYPE, "slack", "service.pid", "io.dtf.connector.slack~team",
                "service.factoryPid", "io.dtf.connector.slack"), NAME, TYPE));
    }

    @Test
    void anExplicitNameWins() {
        assertEquals("ops", InstanceName.of(Map.of(NAME, " ops ", TYPE, "slack",
                "service.pid", "io.dtf.connector.slack~team"), NAME, TYPE));
        assertEquals("ops", InstanceName.of(Map.of(NAME, new String[] {"ops"}, TYPE, "slack"), NAME, TYPE));
    }

    @Test
    void aSingleConfigurationOrNoneIsNamedByItsType() {
        assertEquals("slack", InstanceName.of(Map.of(TYPE, "slack", "service.pid", "io.dtf.connector.slack"), NAME,
                TYPE));
        assertEquals("jira", InstanceName.of(Map.of(TYPE, List.of("jira"), NAME, ""), NAME, TYPE));
        assertEquals("slack", InstanceName.of(Map.of(TYPE, "slack", "service.pid", "io.dtf.connector.slack~"), NAME,
                TYPE), "an empty configuration name is none");
        assertNull(InstanceName.of(Map.of(), NAME, TYPE));
    }
}
