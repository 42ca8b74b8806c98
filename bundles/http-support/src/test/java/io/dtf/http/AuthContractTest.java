package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The credentials as the server sees them. JWT: RFC 7519 and RFC 7515 (RS256), and GitHub's
 * "Generating a JSON Web Token (JWT) for a GitHub App" (iat 60 s back, exp at most 10 minutes, iss the
 * App's id, RS256 with the App's PEM key as GitHub hands it out, PKCS#1).
 */
class AuthContractTest {
    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @BeforeEach
    void stub() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void bearer() {
        assertEquals("Bearer ghp-test-token-0001", authorizationSentWith(HttpAuth.bearer("ghp-test-token-0001")));
    }

    @Test
    void basicIsBase64OfUserColonPasswordInUtf8() {
        String sent = authorizationSentWith(HttpAuth.basic("jörg@example.com", "jira-api-token-1"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("jörg@example.com:jira-api-token-1"
                .getBytes(StandardCharsets.UTF_8)), sent);
    }

    @Test
    void anApiKeyGoesInTheHeaderTheVendorNames() {
        send(HttpAuth.apiKey("PRIVATE-TOKEN", "glpat-test-key-0001"));
        LoggedRequest request = SERVER.getAllServeEvents().get(0).getRequest();
        assertEquals("glpat-test-key-0001", request.getHeader("PRIVATE-TOKEN"));
        assertFalse(request.containsHeader("Authorization"));
        assertThrows(IllegalArgumentException.class, () -> HttpAuth.apiKey("Bad Header", "k"));
    }

    @Test
    void aCallCanUseOtherCredentialsThanItsClients() {
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl()))
                .auth(HttpAuth.bearer("installation-token-1")).build()) {
            http.post("/app/installations/{}/access_tokens", 7).auth(HttpAuth.bearer("app-jwt-0000001")).send();
            http.get("/repos/o/r").send();
        }
        List<String> sent = SERVER.getAllServeEvents().stream().map(e -> e.getRequest().getHeader("Authorization"))
                .toList();
        assertEquals(List.of("Bearer installation-token-1", "Bearer app-jwt-0000001"), sent, "newest first");
    }

    @Test
    void aGithubAppJwtFromAPkcs1KeyVerifiesWithThePublicKeyAndCarriesItsClaims() throws Exception {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        String jwt = bearerOf(authorizationSentWith(HttpAuth.jwt("123456", resource("test-only-key-pkcs1.pem"),
                Duration.ofMinutes(9), Clock.fixed(now, ZoneOffset.UTC))));
        assertVerifies(jwt);
        JsonNode claims = DtfJson.mapper().readTree(part(jwt, 1));
        assertEquals("123456", claims.get("iss").asText());
        assertEquals(now.minusSeconds(60).getEpochSecond(), claims.get("iat").asLong());
        assertEquals(now.plus(Duration.ofMinutes(9)).getEpochSecond(), claims.get("exp").asLong());
        JsonNode header = DtfJson.mapper().readTree(part(jwt, 0));
        assertEquals("RS256", header.get("alg").asText());
    }

    @Test
    void aJwtFromAPkcs8KeyVerifiesToo() throws Exception {
        assertVerifies(bearerOf(authorizationSentWith(HttpAuth.jwt("Iv1.abc", resource("test-only-key-pkcs8.pem"),
                Duration.ofMinutes(10)))));
    }

    @Test
    void aJwtIsReusedUntilAMinuteBeforeItExpires() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        HttpAuth jwt = HttpAuth.jwt("1", resource("test-only-key-pkcs1.pem"), Duration.ofMinutes(10), clock);
        String first = authorizationSentWith(jwt);
        clock.now = clock.now.plus(Duration.ofMinutes(8)).plusSeconds(59);
        assertEquals(first, authorizationSentWith(jwt), "still more than a minute to go");
        clock.now = clock.now.plusSeconds(1);
        assertNotEquals(first, authorizationSentWith(jwt), "renewed a minute before it expires");
    }

    @Test
    void aKeyThatIsNoRsaPemIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpAuth.jwt("1", "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END RSA PRIVATE KEY-----",
                        Duration.ofMinutes(9)));
        assertTrue(e.getMessage().startsWith("the PEM private key is not an RSA key"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpAuth.jwt("1", "not a key", Duration.ofMinutes(9)));
    }

    @Test
    void anUnsetEnvironmentVariableIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpAuth.bearer("${env:DTF_TEST_SURELY_UNSET_VARIABLE}"));
        assertEquals("the token of an HTTP credential is empty (${env:DTF_TEST_SURELY_UNSET_VARIABLE} is not set)",
                e.getMessage());
    }

    private static String authorizationSentWith(HttpAuth auth) {
        send(auth);
        return SERVER.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
    }

    private static void send(HttpAuth auth) {
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).auth(auth).build()) {
            http.get("/app").send();
        }
    }

    private static String bearerOf(String authorization) {
        assertTrue(authorization.startsWith("Bearer "), authorization);
        return authorization.substring("Bearer ".length());
    }

    private static void assertVerifies(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, jwt);
        String pem = resource("test-only-key-public.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "the signature verifies with the public key");
    }

    private static String part(String jwt, int index) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AuthContractTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
