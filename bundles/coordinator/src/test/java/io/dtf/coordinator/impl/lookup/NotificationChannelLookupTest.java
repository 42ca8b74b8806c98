package io.dtf.coordinator.impl.lookup;

import static io.dtf.coordinator.impl.lookup.Registrations.await;
import static io.dtf.coordinator.impl.lookup.Registrations.configured;
import static io.dtf.coordinator.impl.lookup.Registrations.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.SecretProperties;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannelInfo;
import io.dtf.api.notify.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NotificationChannelLookupTest {
    private static final String PROPERTY = NotificationChannel.PROPERTY;
    private static final Notification FAILED = Notification.builder("api-tests failed", Severity.ERROR).build();

    private final NotificationChannelLookup lookup = new NotificationChannelLookup(Duration.ofMillis(200));

    private static NotificationChannel answering(String name) {
        return notification -> CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("via", name)));
    }

    @Test
    void channelsAreFoundByNameAndKindAndListedWithoutSecrets() throws Exception {
        lookup.bindChannel(answering("team"), configured(PROPERTY, "slack", "io.dtf.connector.slack", "team",
                "webhookUrl", "https://chat.example.invalid/hooks/not-a-real-secret"));
        lookup.bindChannel(answering("mail"), registered(PROPERTY, "email", NotificationChannel.NAME, "oncall"));

        assertEquals("team", await(lookup.byName("team").orElseThrow().send(FAILED)).data().get("via"));
        assertEquals("mail", await(lookup.byType("email").get(0).send(FAILED)).data().get("via"));
        List<NotificationChannelInfo> all = lookup.all();
        assertEquals(List.of("oncall", "team"), all.stream().map(NotificationChannelInfo::name).toList());
        assertEquals(SecretProperties.MASK, all.get(1).properties().get("webhookUrl"));
        assertNull(all.get(1).problem());
    }

    @Test
    void aSendRunningWhenItsChannelGoesAwayEndsUnavailable() throws Exception {
        NotificationChannel hanging = notification -> new CompletableFuture<>();
        Map<String, Object> properties = registered(PROPERTY, "slack");
        lookup.bindChannel(hanging, properties);
        CompletableFuture<ExternalSystemResult> send = lookup.byName("slack").orElseThrow().send(FAILED);

        lookup.unbindChannel(hanging, properties);

        assertEquals(Status.UNAVAILABLE, await(send).status());
        assertTrue(lookup.byName("slack").isEmpty());
    }

    @Test
    void aTakenNameIsReported() {
        lookup.bindChannel(answering("a"), registered(PROPERTY, "slack", NotificationChannel.NAME, "team"));
        lookup.bindChannel(answering("b"), registered(PROPERTY, "msteams", NotificationChannel.NAME, "team"));

        assertEquals(1, lookup.all().stream().filter(info -> info.problem() != null).count());
        assertTrue(lookup.byType("msteams").isEmpty(), "the later one with the taken name is not handed out");
    }
}
