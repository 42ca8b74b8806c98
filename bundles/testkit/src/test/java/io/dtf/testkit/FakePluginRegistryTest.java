package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
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
    void aPluginItDoesNotKnowIsNotFound() {
        DtfException missing = assertThrows(DtfException.class, () -> new FakePluginRegistry().disable("nope"));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
    }
}
