package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.testkit.FakeConnector;
import io.dtf.testkit.FakeConnectors;
import io.dtf.testkit.FakeNotificationChannel;
import io.dtf.testkit.FakeNotificationChannels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class ConnectorCommandsTest {
    private final FakeConnector jira = new FakeConnector().capabilities(new ConnectorCapabilities(
            Set.of("report_failure"), Map.of("issue", Set.of()), "JQL", null));
    private final FakeNotificationChannel slack = new FakeNotificationChannel();
    private final FakeConnectors connectors = new FakeConnectors().add("jira-cloud", "jira", jira)
            .add("slack-team", "slack", new FakeConnector());
    private final FakeNotificationChannels channels = new FakeNotificationChannels().add("slack-team", "slack", slack);

    @Test
    void connectorsAreListedWithWhatTheyCanDo() throws Exception {
        ConnectorsCommand list = new ConnectorsCommand();
        list.connectors = connectors;
        String out = run(list);
        assertTrue(out.contains("jira-cloud") && out.contains("issue, report_failure"), out);
        assertTrue(out.contains("slack-team"), out);
        list.connectors = new FakeConnectors();
        assertTrue(run(list).contains("No connector is configured"));
    }

    @Test
    void aChannelGetsATestMessageAndAnyOtherConnectorConnects() throws Exception {
        ConnectorTestCommand test = command("slack-team");
        assertTrue(run(test).startsWith("slack-team test message: OK (message "));
        assertEquals(1, slack.delivered().size());
        assertEquals("DTF test message", slack.delivered().get(0).title());

        assertEquals("jira-cloud connection: OK\n", run(command("jira-cloud")));
        assertEquals(List.of("connect"), jira.calls());

        jira.failNext(ExternalSystemResult.rejected("http_401", "Client must be authenticated"));
        assertEquals("jira-cloud connection: REJECTED http_401: Client must be authenticated\n", run(command("jira-cloud")));

        CommandException unknown = assertThrows(CommandException.class, command("nope")::execute);
        assertEquals("Error DTF-1004: connector 'nope' does not exist", unknown.getNiceHelp());
    }

    private ConnectorTestCommand command(String name) {
        ConnectorTestCommand test = new ConnectorTestCommand();
        test.connectors = connectors;
        test.channels = channels;
        test.name = name;
        return test;
    }

    private static String run(DtfAction cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
