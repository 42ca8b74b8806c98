package io.dtf.itests.plugins;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;

/** A test plugin that never returns, and ignores interrupts. */
public class SleepingHook implements Hook {
    @Override
    public void on(DtfEvent event) {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // a plugin this bad does not even stop when asked
            }
        }
    }
}
