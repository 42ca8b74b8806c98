package io.dtf.itests.plugins;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;

/** A test plugin that fails on every event. */
public class ThrowingHook implements Hook {
    @Override
    public void on(DtfEvent event) {
        throw new IllegalStateException("this plugin is broken on purpose");
    }
}
