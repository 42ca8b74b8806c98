package io.dtf.notify.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.worker.WorkerId;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.templates.Templates;
import io.dtf.testkit.FakeNotificationChannels;
import io.dtf.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingFileTest {
    @TempDir
    Path etc;

    @Test
    void aChangedFileIsReadAgainAndAnInvalidOneIsRefusedKeepingThePreviousRules() throws Exception {
        Path file = etc.resolve("dtf-notify.yaml");
        Notifier notifier = new Notifier(new TestClock(Instant.EPOCH), null, new FakeNotificationChannels(),
                new DataFiles(etc.resolve("data")), RoutingFile.NONE, new Templates(null), 10);
        RoutingFile routing = new RoutingFile(file);
        routing.reloadIfChanged(notifier);
        assertEquals("no routing file " + file + ": no event is sent anywhere", notifier.routingStatus());

        write(file, "route:\n  channels: [team]\n", 1);
        routing.reloadIfChanged(notifier);
        assertTrue(notifier.routingStatus().startsWith(file + ": 1 routes, 1 inhibit rules, read "),
                notifier.routingStatus());

        write(file, "route:\n  channels: [team]\n  group_interval: 10m\n  repeat_interval: 1m\n", 2);
        routing.reloadIfChanged(notifier);
        assertTrue(notifier.routingStatus().startsWith(file + " line 4, route.repeat_interval: repeat_interval 1m is"
                + " shorter than group_interval 10m"), notifier.routingStatus());
        assertTrue(notifier.routingStatus().endsWith("; the change was refused and the previous rules stay in force"),
                notifier.routingStatus());
        notifier.accept(new DtfEvent(HookType.WORKER_FAILED, Instant.EPOCH, null, null, new WorkerId("w1"),
                Severity.ERROR, Map.of(), "w1:WORKER_FAILED"));
        assertEquals(DeliveryOutcome.GROUPED, notifier.recent(1).get(0).outcome(), "the previous rules route it to team");
        notifier.close();
    }

    private static void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.EPOCH.plusSeconds(second)));
    }
}
