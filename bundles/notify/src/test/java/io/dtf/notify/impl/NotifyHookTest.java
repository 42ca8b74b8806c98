package io.dtf.notify.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.worker.WorkerId;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.Matcher;
import io.dtf.testkit.FakeNotificationChannel;
import io.dtf.testkit.FakeNotificationChannels;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as DS makes it: the routing file from etc, its own timer sending what is due. */
class NotifyHookTest {
    @TempDir
    Path etc;

    @Test
    void theHookRoutesWithTheFileInEtcAndItsTimerSendsWhatIsDue() throws Exception {
        Files.writeString(etc.resolve("dtf-notify.yaml"), "route:\n  channels: [team]\n  group_by: [worker]\n  group_wait: 0s\n");
        System.setProperty("karaf.etc", etc.toString());
        FakeNotificationChannel team = new FakeNotificationChannel();
        NotifyHook hook = new NotifyHook(null, new FakeNotificationChannels().add("team", "slack", team),
                config(etc.resolve("data").toString()), null);
        try {
            hook.add(List.of(Matcher.parse("worker=w2")), null, Instant.now().plusSeconds(3600), "ops", "maintenance");
            hook.on(new DtfEvent(HookType.WORKER_FAILED, Instant.now(), null, null, new WorkerId("w1"), Severity.ERROR,
                    Map.of("reason", "lease expired"), "w1:WORKER_FAILED"));
            hook.on(new DtfEvent(HookType.WORKER_FAILED, Instant.now(), null, null, new WorkerId("w2"), Severity.ERROR,
                    Map.of("reason", "lease expired"), "w2:WORKER_FAILED"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (team.delivered().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<Notification> sent = team.delivered();
            assertEquals(1, sent.size());
            assertEquals("Worker w1: worker failed", sent.get(0).title());
            assertTrue(sent.get(0).text().contains("lease expired"), sent.get(0).text());
            assertEquals(1L, hook.counters().get(DeliveryOutcome.SILENCED));
            assertEquals(1, hook.list(false).size());
            assertTrue(hook.routingStatus().startsWith(etc.resolve("dtf-notify.yaml") + ": 1 routes"), hook.routingStatus());
        } finally {
            hook.deactivate();
            System.clearProperty("karaf.etc");
        }
    }

    private static NotifyConfig config(String data) {
        return new NotifyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NotifyConfig.class;
            }

            @Override
            public String routes() {
                return "dtf-notify.yaml";
            }

            @Override
            public String templates() {
                return "dtf-notify-templates";
            }

            @Override
            public String dataDirectory() {
                return data;
            }

            @Override
            public int logSize() {
                return 100;
            }

            @Override
            public long tickMillis() {
                return 50;
            }

            @Override
            public String dtf_hook() {
                return NotifyHook.EVENT_TYPES;
            }

            @Override
            public int dtf_hook_concurrency() {
                return 4;
            }

            @Override
            public String dtf_hook_timeLimit() {
                return "60s";
            }

            @Override
            public int dtf_hook_attempts() {
                return 8;
            }
        };
    }
}
