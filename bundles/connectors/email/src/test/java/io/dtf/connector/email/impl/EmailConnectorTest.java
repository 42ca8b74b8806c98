package io.dtf.connector.email.impl;

import static io.dtf.connector.email.impl.EmailFixture.PASSWORD;
import static io.dtf.connector.email.impl.EmailFixture.USER;
import static io.dtf.connector.email.impl.EmailFixture.assertStatus;
import static io.dtf.connector.email.impl.EmailFixture.result;
import static io.dtf.connector.email.impl.EmailFixture.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import io.dtf.api.task.RunId;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector against a real SMTP server, GreenMail (plain SMTP and SMTPS, with authentication), and with STARTTLS
 * through {@link StartTlsFront} (GreenMail has no STARTTLS): what arrives, and what each failure is.
 */
class EmailConnectorTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));

    @TempDir
    Path temp;

    private static int smtpPort() {
        return MAIL.getSmtp().getPort();
    }

    private static Notification failedRun(String id) {
        return Notification.builder("Nightly run r12 failed: 3 of 120 tests — Grüße ✗", Severity.ERROR).id(id)
                .text("**3 tests** failed in `api`:\n\n- LoginTest.wrongPassword\n- CartTest.total <b>\n\n"
                        + "See [the run](https://dtf.example/runs/r12).")
                .event("RUN_COMPLETED", id).run(RunId.of("r12")).field("Duration", "10m 15s").field("Branch", "main")
                .link("Run r12", URI.create("https://dtf.example/runs/r12"))
                .link("CI build", URI.create("https://ci.example/build/7")).groupKey("nightly/main").build();
    }

    @Test
    void aNotificationArrivesAsHtmlAndTextToTheConfiguredRecipientsWithThreadingHeaders() throws Exception {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "username", USER, ".password", PASSWORD));
        try {
            ExternalSystemResult sent = result(email.send(failedRun("r12:RUN_COMPLETED")));

            assertStatus(Status.OK, sent);
            assertEquals("<dtf.r12=3ARUN_COMPLETED@example.com>", sent.item().orElseThrow().id());
            assertTrue(email.isConnected());
            MimeMessage[] received = MAIL.getReceivedMessages();
            assertEquals(3, received.length, "one copy for each of to (2) and cc (1)");
            MimeMessage message = received[0];
            assertEquals("[DTF] Nightly run r12 failed: 3 of 120 tests — Grüße ✗", message.getSubject());
            assertTrue(message.getHeader("Subject")[0].startsWith("=?UTF-8?"), message.getHeader("Subject")[0]);
            assertEquals("DTF <dtf@example.com>", message.getFrom()[0].toString());
            assertEquals(List.of("qa@example.com", "lead@example.com"), addresses(message.getRecipients(Message.RecipientType.TO)));
            assertEquals(List.of("audit@example.com"), addresses(message.getRecipients(Message.RecipientType.CC)));
            assertArrayEquals(new String[] {"<dtf.r12=3ARUN_COMPLETED@example.com>"}, message.getHeader("Message-ID"));
            assertArrayEquals(new String[] {"<dtf.group.nightly/main@example.com>"}, message.getHeader("In-Reply-To"));
            assertArrayEquals(new String[] {"<dtf.group.nightly/main@example.com>"}, message.getHeader("References"));

            MimeMultipart parts = assertInstanceOf(MimeMultipart.class, message.getContent());
            assertTrue(message.getContentType().startsWith("multipart/alternative"), message.getContentType());
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"), parts.getBodyPart(0).getContentType());
            assertTrue(parts.getBodyPart(0).getContentType().toUpperCase().contains("CHARSET=UTF-8"));
            String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
            assertTrue(text.startsWith("Nightly run r12 failed: 3 of 120 tests — Grüße ✗\n\n**3 tests** failed"), text);
            assertTrue(text.contains("Duration: 10m 15s\nBranch: main\n"), text);
            assertTrue(text.contains("Run r12: https://dtf.example/runs/r12\nCI build: https://ci.example/build/7\n"), text);
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"), parts.getBodyPart(1).getContentType());
            String html = (String) parts.getBodyPart(1).getContent();
            assertTrue(html.contains(">Nightly run r12 failed: 3 of 120 tests — Grüße ✗</h2>"), html);
            assertTrue(html.contains("<strong>3 tests</strong> failed in <code"), html);
            assertTrue(html.contains("<li>CartTest.total &lt;b&gt;</li>"), "the text is escaped: " + html);
            assertTrue(html.contains("<a href=\"https://dtf.example/runs/r12\" style=\"color:#0969da\">the run</a>"), html);
            assertTrue(html.contains("Duration</th><td style=\"padding:4px 0\">10m 15s</td>"), html);
            assertTrue(html.contains("<a href=\"https://ci.example/build/7\" style=\"color:#0969da\">CI build</a>"), html);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void theSameNotificationSentAgainHasTheSameMessageIdAndTheGroupsMessagesOneThread() throws Exception {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "to", new String[] {"qa@example.com"},
                "cc", new String[0]));
        try {
            assertStatus(Status.OK, result(email.send(failedRun("r12:RUN_COMPLETED"))));
            assertStatus(Status.OK, result(email.send(failedRun("r12:RUN_COMPLETED"))));
            assertStatus(Status.OK, result(email.send(failedRun("r13:RUN_COMPLETED"))));

            MimeMessage[] received = MAIL.getReceivedMessages();
            assertEquals(3, received.length);
            assertEquals(received[0].getMessageID(), received[1].getMessageID());
            assertEquals("<dtf.r13=3ARUN_COMPLETED@example.com>", received[2].getMessageID());
            assertEquals(received[0].getHeader("References")[0], received[2].getHeader("References")[0]);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void sendMailSendsTextAndHtmlToTheGivenRecipients() throws Exception {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "username", USER, ".password", PASSWORD));
        try {
            ExternalSystemResult sent = result(email.executeOperation("send_mail", Map.of("to", List.of("dev@example.com"),
                    "subject", "Überprüfung", "text", "plain body", "html", "<p>html body</p>")));

            assertStatus(Status.OK, sent);
            MimeMessage message = MAIL.getReceivedMessages()[0];
            assertEquals(List.of("dev@example.com"), addresses(message.getRecipients(Message.RecipientType.TO)));
            assertEquals("Überprüfung", message.getSubject());
            MimeMultipart parts = (MimeMultipart) message.getContent();
            assertEquals("plain body", parts.getBodyPart(0).getContent());
            assertEquals("<p>html body</p>", parts.getBodyPart(1).getContent());
            assertEquals(sent.item().orElseThrow().id(), message.getMessageID());

            assertStatus(Status.OK, result(email.createItem("mail", Map.of("subject", "only text", "text", "t"))));
            assertStatus(Status.REJECTED, result(email.executeOperation("send_mail", Map.of("text", "no subject"))));
            assertStatus(Status.REJECTED, result(email.executeOperation("send_mail",
                    Map.of("subject", "s", "text", "t", "to", "not an address"))));
            assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                    result(email.executeOperation("post_message", Map.of())).errorCode());
        } finally {
            email.deactivate();
        }
    }

    @Test
    void connectAuthenticatesAndSystemInfoTellsTheServersGreetingAndExtensions() {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "username", USER, ".password", PASSWORD));
        try {
            assertFalse(email.isConnected());
            assertStatus(Status.OK, result(email.connect()));
            assertTrue(email.isConnected());

            ExternalSystemResult info = result(email.systemInfo());
            assertStatus(Status.OK, info);
            assertTrue(String.valueOf(info.data().get("greeting")).contains("GreenMail"), info.data().toString());
            assertTrue(((List<?>) info.data().get("extensions")).stream().anyMatch(e -> e.toString().startsWith("AUTH")),
                    info.data().toString());
            assertEquals(USER, info.data().get("user"));
            assertFalse(info.data().toString().contains(PASSWORD));
            assertEquals(0, MAIL.getReceivedMessages().length);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void aWrongPasswordIsRejectedWithoutShowingIt() {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "username", USER,
                ".password", "wrong-Passw0rd-123"));
        try {
            ExternalSystemResult refused = result(email.send(failedRun("r12:RUN_COMPLETED")));

            assertStatus(Status.REJECTED, refused);
            assertEquals("authentication_failed", refused.errorCode());
            assertTrue(refused.message().contains("refused the credentials"), refused.message());
            assertFalse(refused.message().contains("wrong-Passw0rd-123"), refused.message());
            assertFalse(email.isConnected());
            assertEquals(0, MAIL.getReceivedMessages().length);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void aServerThatCannotBeReachedIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket taken = new ServerSocket(0)) {
            closedPort = taken.getLocalPort();
        }
        EmailConnector email = EmailFixture.connector(settings(closedPort, "starttls"));
        try {
            ExternalSystemResult down = result(email.send(failedRun("r12:RUN_COMPLETED")));

            assertStatus(Status.UNAVAILABLE, down);
            assertTrue(down.retryable());
            assertEquals("unreachable", down.errorCode(), down.describe());
            assertStatus(Status.UNAVAILABLE, result(email.connect()));
        } finally {
            email.deactivate();
        }
    }

    @Test
    void starttlsRequiredAgainstAServerWithoutItIsRejectedAndNothingIsSentInTheClear() {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "starttls", "username", USER,
                ".password", PASSWORD));
        try {
            ExternalSystemResult refused = result(email.send(failedRun("r12:RUN_COMPLETED")));

            assertStatus(Status.REJECTED, refused);
            assertEquals("starttls_not_offered", refused.errorCode());
            assertTrue(refused.message().contains("does not offer STARTTLS"), refused.message());
            assertEquals(0, MAIL.getReceivedMessages().length);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void starttlsUpgradesTheConnectionAndAuthenticatesOverTlsWithTheConfiguredTrustStore() throws Exception {
        Path store = EmailFixture.serverKeyStore(temp);
        try (StartTlsFront front = new StartTlsFront(EmailFixture.serverTls(store), smtpPort())) {
            EmailConnector email = EmailFixture.connector(settings(front.port(), "starttls", "username", USER,
                    ".password", PASSWORD, "trustStore", temp.resolve("server.pem").toString()));
            try {
                ExternalSystemResult info = result(email.systemInfo());
                assertStatus(Status.OK, info);
                assertTrue(String.valueOf(info.data().get("greeting")).contains("STARTTLS front"), info.data().toString());
                assertTrue(((List<?>) info.data().get("extensions")).stream().anyMatch(e -> e.toString().startsWith("AUTH")),
                        "the extensions are GreenMail's, offered over TLS: " + info.data());

                assertStatus(Status.OK, result(email.send(failedRun("r12:RUN_COMPLETED"))));
                assertEquals(3, MAIL.getReceivedMessages().length);
                assertEquals("[DTF] Nightly run r12 failed: 3 of 120 tests — Grüße ✗",
                        MAIL.getReceivedMessages()[0].getSubject());
            } finally {
                email.deactivate();
            }
        }
    }

    @Test
    void aServerCertificateThatIsNotTrustedIsRejected() throws Exception {
        Path store = EmailFixture.serverKeyStore(temp);
        try (StartTlsFront front = new StartTlsFront(EmailFixture.serverTls(store), smtpPort())) {
            EmailConnector email = EmailFixture.connector(settings(front.port(), "starttls", "username", USER,
                    ".password", PASSWORD));
            try {
                ExternalSystemResult refused = result(email.send(failedRun("r12:RUN_COMPLETED")));

                assertStatus(Status.REJECTED, refused);
                assertEquals("tls_failed", refused.errorCode());
                assertEquals(0, MAIL.getReceivedMessages().length);
            } finally {
                email.deactivate();
            }
        }
    }

    @Test
    void sslSpeaksTlsFromTheStartToGreenMailsSmtps() throws Exception {
        EmailConnector email = EmailFixture.connector(settings(MAIL.getSmtps().getPort(), "ssl", "username", USER,
                ".password", PASSWORD, "trustAll", true));
        try {
            assertStatus(Status.OK, result(email.send(failedRun("r12:RUN_COMPLETED"))));
            assertEquals(3, MAIL.getReceivedMessages().length);
        } finally {
            email.deactivate();
        }
    }

    @Test
    void beyondMaxPerMinuteTheCallerIsToldHowLongToWait() {
        EmailConnector email = EmailFixture.connector(settings(smtpPort(), "none", "maxPerMinute", 2));
        try {
            assertStatus(Status.OK, result(email.send(failedRun("a"))));
            assertStatus(Status.OK, result(email.send(failedRun("b"))));
            ExternalSystemResult limited = result(email.send(failedRun("c")));

            assertStatus(Status.RATE_LIMITED, limited);
            assertEquals(Duration.ofMinutes(1), limited.retryAfter());
            assertEquals(2 * 3, MAIL.getReceivedMessages().length);
            assertEquals(2, email.capabilities().rateLimit().permits());
        } finally {
            email.deactivate();
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Address::toString).toList();
    }
}
