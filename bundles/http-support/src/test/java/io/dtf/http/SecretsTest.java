package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aRegisteredValueIsMaskedWherever() {
        String token = Secrets.register("s3cr3t-registered-value");
        try {
            assertEquals("calling with **** failed", Secrets.redact("calling with " + token + " failed"));
            assertEquals("x****y", Secrets.redact("x" + token + "y"));
        } finally {
            Secrets.unregister(token);
        }
        assertEquals("x s3cr3t-registered-value", Secrets.redact("x s3cr3t-registered-value"));
    }

    @Test
    void shortValuesAreNotRegistered() {
        Secrets.register("abc");
        assertEquals("abc abcdef", Secrets.redact("abc abcdef"));
        Secrets.unregister("abc");
    }

    @Test
    void authorizationHeadersAndBearerTokens() {
        assertEquals("Authorization: Bearer ****", Secrets.redact("Authorization: Bearer abc.def-ghi"));
        assertEquals("authorization=Basic ****", Secrets.redact("authorization=Basic dXNlcjpwYXNz"));
        assertEquals("sent bearer **** to x", Secrets.redact("sent bearer 0123456789abcdef to x"));
        assertEquals("sent bearer **** to x", Secrets.redact("sent bearer AbCdEfGhIjKlMnOpQr to x"));
        assertEquals("no bearer token given", Secrets.redact("no bearer token given"));
        assertEquals("{\"Authorization\": \"Bearer ****\"}", Secrets.redact("{\"Authorization\": \"Bearer xyz123\"}"));
    }

    @Test
    void keyValuePairsInQueriesPropertiesAndJson() {
        assertEquals("GET /x?access_token=****&page=2", Secrets.redact("GET /x?access_token=abc123&page=2"));
        assertEquals("password = ****", Secrets.redact("password = hunter22"));
        assertEquals("{\"apiKey\": \"****\", \"name\": \"n\"}", Secrets.redact("{\"apiKey\": \"k-123\", \"name\": \"n\"}"));
        assertEquals("db.password: ****", Secrets.redact("db.password: pa55word!"));
        assertEquals("client_secret='****'", Secrets.redact("client_secret='zz top'"));
        assertEquals("no secrets here: 12 tasks passed", Secrets.redact("no secrets here: 12 tasks passed"));
    }

    @Test
    void hintsThatShowWhereACredentialGoesAreLeftAlone() {
        assertEquals("this call needs a token: Authorization: Bearer <token>",
                Secrets.redact("this call needs a token: Authorization: Bearer <token>"));
        assertEquals("Authorization: Bearer **** then token: ****",
                Secrets.redact("Authorization: Bearer abc123def then token: <token>x"));
    }

    @Test
    void passwordsInUrls() {
        assertEquals("jdbc:postgresql://dtf:****@db:5432/dtf", Secrets.redact("jdbc:postgresql://dtf:pw@db:5432/dtf"));
        assertEquals("https://user:****@example.org/x", Secrets.redact("https://user:p%40ss@example.org/x"));
        assertEquals("http://example.org:8181/api", Secrets.redact("http://example.org:8181/api"));
    }

    @Test
    void tokensOfKnownShapes() {
        // made up, and assembled so that secret scanners do not mistake this test for a leak
        String out = Secrets.redact("pushed with " + "ghp" + "_0123456789abcdefghijABCDEFGHIJ and " + "AKIA"
                + "ABCDEFGHIJKLMNOP ok");
        assertEquals("pushed with **** and **** ok", out);
        assertFalse(Secrets.redact("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl").contains("eyJ"));
    }

    @Test
    void nullAndEmpty() {
        assertNull(Secrets.redact((String) null));
        assertEquals("", Secrets.redact(""));
        assertNull(Secrets.redact((Throwable) null));
    }

    @Test
    void exceptionsWithTheirCauses() {
        String token = Secrets.register("cause-token-123456");
        try {
            String text = Secrets.redact(new IllegalStateException("outer " + token, new IOException("inner token=xyz")));
            assertEquals("IllegalStateException: outer ****; caused by IOException: inner token=****", text);
        } finally {
            Secrets.unregister(token);
        }
    }

    @Test
    void environmentReferences() {
        Map<String, String> env = Map.of("DTF_TOKEN", "t-1", "EMPTY", "");
        assertEquals("t-1", Secrets.resolve("${env:DTF_TOKEN}", env));
        assertEquals("a t-1 b ", Secrets.resolve("a ${env:DTF_TOKEN} b ${env:MISSING}", env));
        assertEquals("plain", Secrets.resolve("plain", env));
        assertNull(Secrets.resolve(null, env));
        assertTrue(Secrets.resolve("${env:EMPTY}", env).isEmpty());
    }
}
