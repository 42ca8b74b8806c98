package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakePluginRegistryTest {
    @Test
    void disablingAndEnablingChangeTheStateAndAreRecorded() {
        FakePluginRegistry registry = new FakePluginRegistry().add("run-report", PluginType.REPORTER)
                .add(new PluginInfo("slack", "2.0.0", PluginType.NOTIFICATION, 7, PluginState.FAILED, 10, 20, 0,
                        "disabled after repeated failures", List.of()));

        registry.disable("run-report");
        assertEquals(PluginState.DISABLED, registry.plugins().get(0).state());
        registry.enable("slack");

        assertEquals(PluginState.ACTIVE, registry.plugins().get(1).state());
        assertEquals(null, registry.plugins().get(1).lastError(), "enabled again, the failure is forgotten");
        assertEquals(List.of("disable run-report", "enable slack"), registry.calls());
    }

    @Test
    void disablingAndEnablingKeepThePluginsHooks() {
        List<HookInfo> hooks = List.of(new HookInfo("org.example.Report", "org.example.report~nightly", true, 12, 1, 0,
                3, "timed out"), new HookInfo("org.example.Report", "org.example.report~weekly", true, 5, 0, 0, 0, null));
        FakePluginRegistry registry = new FakePluginRegistry().add(new PluginInfo("report", "1.0.0",
                PluginType.REPORTER, 7, PluginState.ACTIVE, 17, 1, 0, "timed out", List.of(), hooks));

        registry.disable("report");
        assertEquals(hooks, registry.plugins().get(0).hooks(), "disabled");
        registry.enable("report");
        assertEquals(hooks, registry.plugins().get(0).hooks(), "enabled again");
    }

    @Test
    void aPluginItDoesNotKnowIsNotFound() {
        DtfException missing = assertThrows(DtfException.class, () -> new FakePluginRegistry().disable("nope"));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
    }
}
