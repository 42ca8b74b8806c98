package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.Durations;
import io.dtf.api.ErrorCode;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.api.pool.WebNnInfo;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "pool-probe",
        description = "Probes every configured browser profile of the pool now, in a browser of its own, and prints "
                + "what it has: browser and version, backend, the WebGPU adapter (fallback or not, features, key "
                + "limits) and the WebNN device types that gave a context, or why none did.")
@Service
public class PoolProbeCommand extends PoolAction {
    @Option(name = "-w", aliases = "--wait", description = "How long to wait for a free browser of each profile, "
            + "e.g. 60s, 2m or PT1M (default 60s)")
    String wait = "60s";

    @Override
    void run(PrintStream out) throws InterruptedException {
        Duration limit = waitOption(wait);
        List<BrowserCapabilities> probed = requirePool().probe(limit);
        if (probed.isEmpty()) {
            out.println("The pool has no browser profile (profiles in etc/io.dtf.pool.browser.cfg)");
        }
        for (int i = 0; i < probed.size(); i++) {
            if (i > 0) {
                out.println();
            }
            print(out, probed.get(i));
        }
    }

    /** The {@code --wait} option as a positive duration; {@code DTF-1002} naming the option otherwise. */
    static Duration waitOption(String text) {
        Duration parsed;
        try {
            parsed = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "--wait: " + e.getMessage());
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "--wait must be positive, not " + text);
        }
        return parsed;
    }

    private void print(PrintStream out, BrowserCapabilities probed) {
        out.println("Profile " + probed.profile() + ", probed " + Format.timestamp(probed.probedAt(), clock.getZone())
                + ":");
        ShellTable table = new ShellTable();
        table.column("What");
        table.column("Found").maxSize(100).wrap();
        table.addRow().addContent("Browser", probed.browserType() + " (" + Format.orNone(probed.browserName()) + " "
                + Format.orNone(probed.version()) + ")");
        table.addRow().addContent("Backend", Format.orNone(probed.backend()));
        WebGpuInfo gpu = probed.webgpu();
        table.addRow().addContent("WebGPU", PoolFormat.adapter(gpu));
        if (gpu.available()) {
            table.addRow().addContent("  features", PoolFormat.features(gpu.features()));
            table.addRow().addContent("  limits", PoolFormat.keyLimits(gpu.limits()));
        }
        WebNnInfo nn = probed.webnn();
        table.addRow().addContent("WebNN", nn.devices().isEmpty() ? PoolFormat.webnn(nn)
                : "devices " + PoolFormat.webnn(nn));
        if (!nn.devices().isEmpty() && !nn.errors().isEmpty()) {
            table.addRow().addContent("  not on", PoolFormat.webnnErrors(nn));
        }
        table.addRow().addContent("User agent", Format.orNone(probed.userAgent()));
        table.print(out);
    }
}
