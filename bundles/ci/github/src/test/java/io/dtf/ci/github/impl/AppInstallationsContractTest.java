package io.dtf.ci.github.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.connector.ExternalSystemResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitHub App's authentication as GitHub describes it: "Generating a JSON Web Token (JWT) for a GitHub App"
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app:
 * RS256, iss = the App's id, iat 60 s in the past, exp at most 10 minutes later), "Create an installation access
 * token for an app" (https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app) and
 * "Get a repository installation for the authenticated app"
 * (https://docs.github.com/en/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app).
 */
class AppInstallationsContractTest extends GitHubContract {
    private static final String TOKENS = "/app/installations/" + INSTALLATION + "/access_tokens";

    @BeforeEach
    void stubCheckRuns() {
        GITHUB.stubFor(post(urlPathEqualTo("/repos/acme/shop/check-runs")).willReturn(json(201, "{\"id\":4711}")));
    }

    @Test
    void theAppsSignedJwtGetsTheRepositorysInstallationTokenWhichEveryRequestCarries() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/installation")).willReturn(json(200,
                "{\"id\":" + INSTALLATION + ",\"app_id\":" + APP_ID + ",\"account\":{\"login\":\"acme\"}}")));
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        Map<String, Object> config = appConfig();
        config.remove("installationId");
        GitHubCIProvider github = provider(config);

        done(github.createTestRun(context(), queued("r1")));
        done(github.createTestRun(context(), queued("r2")));

        LoggedRequest lookup = received("GET", "/repos/acme/shop/installation").get(0);
        LoggedRequest exchange = received("POST", TOKENS).get(0);
        for (LoggedRequest asApp : List.of(lookup, exchange)) {
            assertEquals("application/vnd.github+json", asApp.getHeader("Accept"));
            assertEquals("2022-11-28", asApp.getHeader("X-GitHub-Api-Version"));
            assertValidJwt(asApp.getHeader("Authorization"));
        }
        List<LoggedRequest> creates = received("POST", "/repos/acme/shop/check-runs");
        assertEquals(2, creates.size());
        creates.forEach(create -> assertGitHubHeaders(create, INSTALLATION_TOKEN));
        assertEquals(1, received("GET", "/repos/acme/shop/installation").size(), "the installation is asked once");
        assertEquals(1, received("POST", TOKENS).size(), "the token is kept");
    }

    @Test
    void theTokenIsKeptUntilFiveMinutesBeforeItExpires() throws Exception {
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        GitHubCIProvider github = provider(appConfig());
        done(github.createTestRun(context(), queued("r1")));

        clock.advance(Duration.ofMinutes(54));
        done(github.createTestRun(context(), queued("r2")));
        assertEquals(1, received("POST", TOKENS).size(), "still fresh 6 minutes before it expires");

        clock.advance(Duration.ofMinutes(2));
        done(github.createTestRun(context(), queued("r3")));
        assertEquals(2, received("POST", TOKENS).size(), "renewed 4 minutes before it expires");
        assertValidJwt(received("POST", TOKENS).get(1).getHeader("Authorization"));
    }

    @Test
    void a401DropsTheTokenAndTheRequestIsSentOnceMoreWithANewOne() throws Exception {
        String revoked = "ghs_revokedInstallationToken0123456789";
        GITHUB.stubFor(post(urlPathEqualTo(TOKENS)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(201, "{\"token\":\"" + revoked + "\",\"expires_at\":\"" + NOW.plus(Duration.ofHours(1))
                        + "\"}")).willSetStateTo("renewed"));
        GITHUB.stubFor(post(urlPathEqualTo(TOKENS)).inScenario("tokens").whenScenarioStateIs("renewed")
                .willReturn(json(201, "{\"token\":\"" + INSTALLATION_TOKEN + "\",\"expires_at\":\""
                        + NOW.plus(Duration.ofHours(1)) + "\"}")));
        GITHUB.stubFor(post(urlPathEqualTo("/repos/acme/shop/check-runs")).withHeader("Authorization", bearer(revoked))
                .willReturn(json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}")));
        GitHubCIProvider github = provider(appConfig());

        assertEquals("4711", done(github.createTestRun(context(), queued("r1"))).id());

        List<LoggedRequest> creates = received("POST", "/repos/acme/shop/check-runs");
        assertEquals(List.of(bearerOf(revoked), bearerOf(INSTALLATION_TOKEN)),
                creates.stream().map(r -> r.getHeader("Authorization")).toList());
        assertEquals(2, received("POST", TOKENS).size());
    }

    @Test
    void aJwtGitHubRefusesIsRejectedAndParked() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(TOKENS)).willReturn(json(401,
                "{\"message\":\"A JSON web token could not be decoded\"}")));
        GitHubCIProvider github = provider(appConfig());

        ExternalSystemResult result = failure(github.createTestRun(context(), queued("r1")));

        assertEquals(ExternalSystemResult.Status.REJECTED, result.status());
        assertEquals("http_401", result.errorCode());
        assertTrue(received("POST", "/repos/acme/shop/check-runs").isEmpty());
    }

    @Test
    void anAppNotInstalledOnTheRepositoryIsNotFoundSayingSo() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/installation")).willReturn(json(404,
                "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/apps/apps\"}")));
        Map<String, Object> config = appConfig();
        config.remove("installationId");
        GitHubCIProvider github = provider(config);

        ExternalSystemResult result = failure(github.createTestRun(context(), queued("r1")));

        assertEquals(ExternalSystemResult.Status.NOT_FOUND, result.status());
        assertTrue(result.message().contains("GitHub App 123456 is not installed on acme/shop"), result.message());
    }

    @Test
    void thePrivateKeyMayBeTheNameOfItsFile(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("dtf-app.pem"), pem(APP_KEY));
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        Map<String, Object> config = appConfig();
        config.put("_privateKey", key.toString());

        done(provider(config).createTestRun(context(), queued("r1")));

        assertValidJwt(received("POST", TOKENS).get(0).getHeader("Authorization"));
    }

    /** RS256 by the App's key, issued by the App 60 s back, expiring within GitHub's 10 minutes. */
    private void assertValidJwt(String authorization) throws Exception {
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        assertEquals(3, parts.length);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(b64.decode(parts[0]));
        JsonNode claims = JSON.readTree(b64.decode(parts[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(APP_ID, claims.path("iss").asText());
        long now = clock.instant().getEpochSecond();
        assertEquals(now - 60, claims.path("iat").asLong());
        long exp = claims.path("exp").asLong();
        assertTrue(exp > now && exp - claims.path("iat").asLong() <= 600, "exp at most 10 minutes after iat: " + claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(APP_KEY.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(b64.decode(parts[2])), "signed by the App's private key");
    }
}
