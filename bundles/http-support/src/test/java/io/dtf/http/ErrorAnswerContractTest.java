package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.ErrorCode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Vendors' error answers in the exception: status, method and URL, the vendor's error text, its body;
 * and no secret in any of it. References: GitHub "Client errors" (message, errors[], documentation_url),
 * Jira Cloud "Status codes" (errorMessages, errors), Slack incoming webhooks (the URL is the secret).
 */
class ErrorAnswerContractTest {
    private static final String TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void aVendorsErrorBodyIsKeptRedactedWithStatusMethodUrlAndItsText() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"code\":\"missing_field\","
                        + "\"field\":\"title\"}],\"documentation_url\":\"https://docs.github.com/rest/issues\","
                        + "\"echo\":\"Authorization: token " + TOKEN + "\"}")));
        try (JsonHttpClient github = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).auth(HttpAuth.bearer(TOKEN)).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class,
                    () -> github.post("/repos/o/r/issues").json(Map.of("body", "x")).send());
            assertEquals(422, e.status());
            assertEquals(ErrorCode.INVALID_PLAN, e.code());
            assertEquals("HTTP 422 from POST " + SERVER.baseUrl() + "/repos/o/r/issues: Validation Failed; missing_field",
                    e.getMessage());
            assertTrue(e.body().contains("\"documentation_url\":\"https://docs.github.com/rest/issues\""), e.body());
            assertFalse(e.body().contains(TOKEN), e.body());
            assertTrue(e.body().contains("Authorization: token ****"), e.body());
        }
    }

    @Test
    void jirasErrorMessagesAndFieldErrorsAreTheText() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody(
                "{\"errorMessages\":[\"Field 'priority' cannot be set.\"],\"errors\":{\"summary\":\"You must specify a summary.\"}}")));
        try (JsonHttpClient jira = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> jira.post("/rest/api/3/issue").json(Map.of()).send());
            assertTrue(e.getMessage().endsWith(": Field 'priority' cannot be set.; summary: You must specify a summary."),
                    e.getMessage());
        }
    }

    @Test
    void theBodyKeptIsBounded() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("x".repeat(100_000))));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).retry(RetryPolicy.NONE).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/big").send());
            assertEquals(16 * 1024 + 1, e.body().length(), "16 KiB and an ellipsis");
            assertTrue(e.getMessage().length() < 500, "the message shows the start only");
        }
    }

    @Test
    void secretsInTheQueryAreRedactedInTheMessage() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/container/blob")
                    .query("sv", "2022-11-02").query("sig", "AzureSasSignature123").query("access_token", "oauth-token-9876")
                    .send());
            assertTrue(e.getMessage().startsWith("HTTP 404 from GET " + SERVER.baseUrl() + "/container/blob?sv=2022-11-02"
                    + "&sig=****&access_token=****"), e.getMessage());
        }
    }

    @Test
    void aWebhookUrlsSecretPathIsNeverShown() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody("no_team")));
        String secretPath = "/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX";
        try (JsonHttpClient hook = JsonHttpClient.builder(URI.create(SERVER.baseUrl() + secretPath)).secretPath().build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> hook.post("").json(Map.of("text", "hi")).send());
            assertEquals("HTTP 404 from POST " + SERVER.baseUrl() + "****: no_team", e.getMessage());
        }
    }

    @Test
    void theTokenNeverShowsWhenTheServerEchoesIt() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody("bad credentials: " + TOKEN)));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).auth(HttpAuth.apiKey("X-Api-Key",
                "plain-api-key-0000001")).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/me").send());
            assertFalse(e.getMessage().contains(TOKEN) || e.body().contains(TOKEN), e.getMessage());
            assertEquals(ErrorCode.UNAUTHORIZED, e.code(), "a vendor's 401 has DTF's code for it");
        }
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody("key plain-api-key-0000001 is revoked")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).auth(HttpAuth.apiKey("X-Api-Key",
                "plain-api-key-0000001")).build()) {
            DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/me").send());
            assertEquals("HTTP 401 from GET " + SERVER.baseUrl() + "/me: key **** is revoked", e.getMessage());
        }
    }
}
