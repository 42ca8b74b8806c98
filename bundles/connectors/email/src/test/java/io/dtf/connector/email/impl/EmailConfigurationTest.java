package io.dtf.connector.email.impl;

import static io.dtf.connector.email.impl.EmailFixture.PASSWORD;
import static io.dtf.connector.email.impl.EmailFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ItemAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration: what it refuses, by name and without the password; what an instance says it can do. */
class EmailConfigurationTest {

    @Test
    void anInstanceSendsMailItemsAndTheSendMailOperationWithinItsRate() {
        EmailConnector email = EmailFixture.connector(settings(587, "starttls", "maxPerMinute", 12));
        try {
            assertEquals(Set.of("send_mail"), email.capabilities().operations());
            assertTrue(email.capabilities().supports("mail", ItemAction.CREATE));
            assertEquals(12, email.capabilities().rateLimit().permits());
            assertFalse(email.isConnected(), "nothing was tried yet");
        } finally {
            email.deactivate();
        }
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedByName() {
        assertRefused(without("host"), "host is required");
        assertRefused(with("port", 0), "port must be 1 to 65535");
        assertRefused(with("security", "tls1.3"), "security must be starttls, ssl or none, not tls1.3");
        assertRefused(with("username", "dtf"), ".password is required: the password of user dtf");
        assertRefused(with("username", "dtf", ".password", "${env:DTF_TEST_NOT_SET_ANYWHERE}"),
                "${env:DTF_TEST_NOT_SET_ANYWHERE} is not set");
        assertRefused(without("from"), "from is required");
        assertRefused(with("from", "dtf at example"), "from: 'dtf at example' is not an e-mail address");
        assertRefused(with("to", new String[0]), "to is required");
        assertRefused(with("cc", new String[] {"ok@example.com", "<broken"}), "cc: '<broken' is not an e-mail address");
        assertRefused(with("trustStore", "/nonexistent/ca.pem"), "trustStore /nonexistent/ca.pem is not a readable file");
        assertRefused(with("timeoutSeconds", 0), "timeoutSeconds must be 1 or more");
        assertRefused(with("maxPerMinute", 0), "maxPerMinute must be 1 or more");
    }

    @Test
    void messageIdsKeepOnlyWhatRfc5322AllowsAndStayDistinct() {
        assertEquals("<dtf.r12=2E3=3A2=3ATASK_FAILED@example.com>", MessageIds.ofNotification("r12.3:2:TASK_FAILED", "example.com"));
        assertEquals("<dtf.a=3Db@example.com>", MessageIds.ofNotification("a=b", "example.com"));
        assertEquals("<dtf.a=3D3Db@example.com>", MessageIds.ofNotification("a=3Db", "example.com"),
                "an = is escaped too, so no two ids share a Message-ID");
        assertEquals("<dtf.group.team=20=C3=A4@example.com>", MessageIds.ofGroup("team ä", "example.com"));
        assertEquals("example.com", MessageIds.domainOf("DTF@Example.COM"));
    }

    private static Map<String, Object> with(Object... more) {
        return settings(587, "starttls", more);
    }

    private static Map<String, Object> without(String key) {
        Map<String, Object> settings = new HashMap<>(settings(587, "starttls"));
        settings.remove(key);
        return settings;
    }

    private static void assertRefused(Map<String, Object> settings, String because) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new EmailConnector().activate(EmailFixture.config(settings), Map.of(), EmailFixture.CLOCK));
        assertTrue(refused.getMessage().startsWith("io.dtf.connector.email: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(because), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    }
}
