package io.dtf.itests.plugins;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;

/** A test plugin whose component waits for a service nobody offers. */
public class NeedsMissingService implements Hook {
    @Override
    public void on(DtfEvent event) {
    }
}
