package io.dtf.connector.email.impl;

import static io.dtf.connector.email.impl.EmailFixture.assertStatus;
import static io.dtf.connector.email.impl.EmailFixture.result;
import static io.dtf.connector.email.impl.EmailFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What SMTP's refusals mean to the caller (RFC 5321, 4.2.1 and 4.2.2: 4xx transient, 5xx permanent), against
 * {@link ScriptedSmtpServer}, which gives the replies GreenMail never gives.
 */
class SmtpRefusalsTest {
    private static final String OK = "250 2.0.0 Ok: queued";
    private static final Notification NOTIFICATION = Notification.builder("Run r7 failed", Severity.ERROR)
            .id("r7:RUN_COMPLETED").build();

    private static ExternalSystemResult sendThrough(ScriptedSmtpServer server) {
        EmailConnector email = EmailFixture.connector(settings(server.port(), "none"));
        try {
            return result(email.send(NOTIFICATION));
        } finally {
            email.deactivate();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"550 5.1.1 <lead@example.com>: Recipient address rejected: User unknown",
            "553 5.7.1 <lead@example.com>: Relay access denied"})
    void aRefusedRecipientIsRejectedNamingTheAddress(String reply) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("220 scripted ESMTP", Map.of("lead@example.com", reply), OK)) {
            ExternalSystemResult refused = sendThrough(server);

            assertStatus(Status.REJECTED, refused);
            assertEquals("invalid_recipient", refused.errorCode());
            assertTrue(refused.message().contains("refused the address lead@example.com, so nothing was sent"),
                    refused.message());
            assertFalse(refused.message().contains("qa@example.com"), "the accepted ones are not named: " + refused.message());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"450 4.2.1 Mailbox busy", "451 4.3.0 Local error in processing", "452 4.3.1 Insufficient storage"})
    void recipientsDeferredForNowAreUnavailable(String reply) throws Exception {
        Map<String, String> replies = Map.of("qa@example.com", reply, "lead@example.com", reply, "audit@example.com", reply);
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("220 scripted ESMTP", replies, OK)) {
            ExternalSystemResult later = sendThrough(server);

            assertStatus(Status.UNAVAILABLE, later);
            assertTrue(later.retryable());
            assertEquals("recipient_deferred", later.errorCode(), later.describe());
        }
    }

    @Test
    void aServerThatIsNotTakingConnectionsIsUnavailable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("421 4.3.2 Service not available, try later", Map.of(), OK)) {
            ExternalSystemResult later = sendThrough(server);

            assertStatus(Status.UNAVAILABLE, later);
            assertEquals("smtp_421", later.errorCode(), later.describe());
        }
    }

    @Test
    void aMessageRefusedForNowAtTheEndOfDataIsUnavailableAndForGoodRejected() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("220 scripted ESMTP", Map.of(), "451 4.7.1 Greylisted, try later")) {
            ExternalSystemResult later = sendThrough(server);
            assertStatus(Status.UNAVAILABLE, later);
            assertEquals("message_deferred", later.errorCode(), later.describe());
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("220 scripted ESMTP", Map.of(), "554 5.7.1 Message rejected as spam")) {
            ExternalSystemResult refused = sendThrough(server);
            assertStatus(Status.REJECTED, refused);
            assertTrue(refused.message().contains("554 5.7.1 Message rejected as spam"), refused.message());
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAndMessagesStillQueuedWhenTheConnectorStopsAreAnsweredToo() throws Exception {
        try (LoopbackServer silent = new LoopbackServer("silent-smtp") {
            {
                start();
            }

            @Override
            void serve(Socket client) throws IOException {
                client.getInputStream().read(); // never greets
            }
        }) {
            EmailConnector email = EmailFixture.connector(settings(silent.port(), "none", "timeoutSeconds", 1));
            CompletableFuture<ExternalSystemResult> first = email.send(NOTIFICATION);
            CompletableFuture<ExternalSystemResult> second = email.send(NOTIFICATION);
            CompletableFuture<ExternalSystemResult> queued = email.send(NOTIFICATION);
            email.deactivate();

            ExternalSystemResult stopped = result(queued);
            assertStatus(Status.UNAVAILABLE, stopped);
            assertEquals("closed", stopped.errorCode());
            for (CompletableFuture<ExternalSystemResult> sending : List.of(first, second)) {
                ExternalSystemResult late = result(sending);
                assertStatus(Status.UNAVAILABLE, late);
                assertEquals("timeout", late.errorCode(), late.describe());
            }
            assertEquals("closed", result(email.send(NOTIFICATION)).errorCode());
        }
    }
}
