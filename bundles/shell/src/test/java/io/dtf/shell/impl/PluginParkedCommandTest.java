package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.store.EventLog.ParkedEvent;
import io.dtf.api.store.EventLog.StoredEvent;
import io.dtf.api.task.RunId;
import io.dtf.testkit.FakePluginRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class PluginParkedCommandTest {
    private static final DtfEvent COMPLETED = new DtfEvent(HookType.RUN_COMPLETED, Instant.now(), RunId.of("r7"), null,
            null, Severity.ERROR, Map.of());
    private final FakePluginRegistry registry = new FakePluginRegistry()
            .add(new PluginInfo("org.example.webhook", "1.0.0", PluginType.NOTIFICATION, 42, PluginState.ACTIVE, 3, 8,
                    0, "RUN_COMPLETED r7:RUN_COMPLETED: HTTP 400", List.of(), List.of(new HookInfo(
                    "org.example.Webhook", null, true, 3, 8, 0, 0, "HTTP 400", true, 1, 0))))
            .park("org.example.webhook", new ParkedEvent("org.example.webhook/org.example.Webhook",
                    new StoredEvent(12, COMPLETED), "HTTP 400: unknown field 'summary'", 8, Instant.now()));

    @Test
    void parkedEventsAreListedWithTheirReasonAndSentAgainOnRequest() throws Exception {
        PluginParkedCommand parked = new PluginParkedCommand();
        parked.registry = registry;
        parked.name = "org.example.webhook";
        String table = run(parked);
        assertTrue(table.contains("r7:RUN_COMPLETED") && table.contains("HTTP 400: unknown field 'summary'")
                && table.contains("12"), table);

        PluginsCommand plugins = new PluginsCommand();
        plugins.registry = registry;
        String list = run(plugins);
        assertTrue(list.contains("hook org.example.Webhook (durable)") && list.contains("(1 parked, 0 retrying)"), list);

        PluginRedeliverCommand redeliver = new PluginRedeliverCommand();
        redeliver.registry = registry;
        redeliver.name = "org.example.webhook";
        redeliver.seq = 12L;
        assertEquals("1 parked event of org.example.webhook sent again", run(redeliver).strip());
        assertTrue(run(parked).contains("No parked events"));
        assertEquals(List.of("redeliver org.example.webhook 12"), registry.calls());

        CommandException none = assertThrows(CommandException.class, redeliver::execute);
        assertEquals("Error DTF-1004: parked event 'org.example.webhook 12' does not exist", none.getNiceHelp());
    }

    private static String run(DtfAction cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
