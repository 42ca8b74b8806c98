package io.dtf.ci.jenkins.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import io.dtf.http.RetryPolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Jenkins provider against a WireMock Jenkins that answers as its documentation describes:
 * <ul>
 *   <li>Remote access API (https://www.jenkins.io/doc/book/using/remote-access-api/): {@code .../api/json} with a
 *   {@code tree} parameter; {@code POST {BUILD_URL}submitDescription} with the form field {@code description},
 *   answered with a 302 to the build (Stapler's redirect); HTTP Basic with the user and an API token, which needs
 *   no crumb.</li>
 *   <li>CSRF protection (https://www.jenkins.io/doc/book/security/csrf-protection/): with a password,
 *   {@code GET /crumbIssuer/api/json} gives {@code {"crumbRequestField": "Jenkins-Crumb", "crumb": "..."}}, valid
 *   in the web session of its answer ({@code Set-Cookie: JSESSIONID...}); a POST without a valid one is answered
 *   403 "No valid crumb was included in the request".</li>
 * </ul>
 */
class JenkinsProviderContractTest {
    @RegisterExtension
    static final WireMockExtension JENKINS = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "11aa22bb33cc44dd55ee66ff77aa88bb99";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String BUILD = "/jenkins/job/team/job/api/42/";
    private static final String DESCRIPTION = BUILD + "api/json";
    private static final String SUBMIT = BUILD + "submitDescription";
    private static final String CRUMB = "/jenkins/crumbIssuer/api/json";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final CommitStatus FAILED = new CommitStatus("dtf/api-tests", BuildStatus.FAILURE,
            "98 of 100 tests passed, 2 failed", URI.create("https://dtf.example/runs/r12"));

    private static JenkinsProvider provider(String token, String password) {
        return new JenkinsProvider(new JenkinsSettings(URI.create(JENKINS.baseUrl() + "/jenkins/"), "ci-bot", token,
                password, Duration.ofSeconds(5)), FAST);
    }

    private static CIContext context(String buildUrl) {
        return new CIContext("jenkins", "https://git.example/team/api.git", "abc123", "main", null, "42",
                buildUrl == null ? null : URI.create(buildUrl), Map.of("jenkinsUrl", JENKINS.baseUrl() + "/jenkins/"));
    }

    private static CIContext context() {
        return context(JENKINS.baseUrl() + BUILD);
    }

    private static String basic(String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static void stubDescription(String current) {
        JENKINS.stubFor(get(urlPathEqualTo(DESCRIPTION)).willReturn(okJson(
                "{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowRun\",\"description\":" + current + "}")));
    }

    private static void stubSubmitRedirects() {
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", JENKINS.baseUrl() + BUILD)));
    }

    private static List<String> submitted() {
        return JENKINS.findAll(postRequestedFor(urlEqualTo(SUBMIT))).stream()
                .map(r -> URLDecoder.decode(r.getBodyAsString().substring("description=".length()), StandardCharsets.UTF_8))
                .toList();
    }

    private static void done(CompletableFuture<Void> future) throws Exception {
        future.get(30, TimeUnit.SECONDS);
    }

    private static ExternalSystemResult failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(30, TimeUnit.SECONDS).join());
        assertTrue(e.getCause() instanceof ExternalSystemException, "not an ExternalSystemException: " + e.getCause());
        return ((ExternalSystemException) e.getCause()).result();
    }

    @Test
    void reportsTheBuildStatusAsItsDescriptionWithoutIo() {
        JenkinsProvider jenkins = provider(TOKEN, null);
        assertEquals(Set.of(CICapability.BUILD_STATUS), jenkins.capabilities());
        assertTrue(jenkins.withJobToken("anything").isEmpty(), "Jenkins has no job token");
        assertEquals(0, JENKINS.getAllServeEvents().size());
        jenkins.close();
    }

    @Test
    void aMissingOrWrongJenkinsUrlIsAClearConfigurationError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JenkinsSettings.jenkinsUrl(null))
                .getMessage().contains("jenkinsUrl is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JenkinsSettings.jenkinsUrl("jenkins.example.com"))
                .getMessage().contains("is not an http(s) URL"));
        assertEquals(URI.create("https://jenkins.example.com/ci/"), JenkinsSettings.jenkinsUrl("https://jenkins.example.com/ci"));
    }

    @Test
    void acceptsBuildsOfItsJenkinsOnly() {
        JenkinsProvider jenkins = provider(TOKEN, null);
        assertTrue(jenkins.accepts(context()));
        assertTrue(jenkins.accepts(new CIContext("jenkins", null, null, null, null, null, null,
                Map.of("jenkinsUrl", JENKINS.baseUrl() + "/jenkins"))));
        assertFalse(jenkins.accepts(new CIContext("jenkins", null, null, null, null, null,
                URI.create("https://other.example/jenkins/job/x/1/"), Map.of("jenkinsUrl", "https://other.example/jenkins/"))));
        assertFalse(jenkins.accepts(new CIContext("jenkins", null, null, null, null, null,
                URI.create(JENKINS.baseUrl() + "/jenkins2/job/x/1/"), Map.of())));
        assertFalse(jenkins.accepts(new CIContext("jenkins", null, null, null, null, null, null,
                Map.of("jenkinsUrl", "not a url"))));
        jenkins.close();
    }

    @Test
    void withAnApiTokenTheDescriptionIsPostedAsAFormWithoutACrumb() throws Exception {
        stubDescription("null");
        stubSubmitRedirects();
        JenkinsProvider jenkins = provider(TOKEN, null);

        done(jenkins.setBuildStatus(context(), FAILED));

        JENKINS.verify(getRequestedFor(urlPathEqualTo(DESCRIPTION)).withQueryParam("tree", equalTo("description"))
                .withHeader("Authorization", equalTo(basic(TOKEN))));
        JENKINS.verify(postRequestedFor(urlEqualTo(SUBMIT)).withHeader("Authorization", equalTo(basic(TOKEN)))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withHeader("Jenkins-Crumb", absent())
                .withFormParam("description", equalTo(
                        "dtf/api-tests: failed - 98 of 100 tests passed, 2 failed - https://dtf.example/runs/r12")));
        assertEquals(0, JENKINS.findAll(getRequestedFor(urlEqualTo(CRUMB))).size(), "no crumb with an API token");
        jenkins.close();
    }

    @Test
    void theRunsLineReplacesItsEarlierOneAndKeepsEveryOtherLine() throws Exception {
        stubDescription("\"Deployed to staging\\r\\ndtf/api-tests: running - 3 of 4 tasks passed\\ndtf/ui-tests: passed - 12 of 12 tests passed\"");
        stubSubmitRedirects();
        JenkinsProvider jenkins = provider(TOKEN, null);

        done(jenkins.setBuildStatus(context(), FAILED));

        assertEquals(List.of("Deployed to staging\n"
                + "dtf/api-tests: failed - 98 of 100 tests passed, 2 failed - https://dtf.example/runs/r12\n"
                + "dtf/ui-tests: passed - 12 of 12 tests passed"), submitted());
        jenkins.close();
    }

    @Test
    void aLineSaysTheStatusOnceWhenTheDescriptionSaysNoMore() {
        assertEquals("dtf/api-tests: queued - https://dtf.example/runs/r12", BuildDescription.line(new CommitStatus(
                "dtf/api-tests", BuildStatus.PENDING, "queued", URI.create("https://dtf.example/runs/r12"))));
        assertEquals("dtf/api-tests: running - 3 of 8 tasks passed", BuildDescription.line(new CommitStatus(
                "dtf/api-tests", BuildStatus.RUNNING, "3 of 8 tasks passed", null)));
    }

    @Test
    void withAPasswordACrumbAndItsSessionCookieGoWithThePostAndServeAgain() throws Exception {
        stubDescription("null");
        stubSubmitRedirects();
        JENKINS.stubFor(get(urlEqualTo(CRUMB)).willReturn(okJson(
                "{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\",\"crumb\":\"c0ffee\",\"crumbRequestField\":\"Jenkins-Crumb\"}")
                .withHeader("Set-Cookie", "JSESSIONID.7f3a=node01abc; Path=/jenkins; Secure; HttpOnly")));
        JenkinsProvider jenkins = provider(null, PASSWORD);

        done(jenkins.setBuildStatus(context(), FAILED));
        done(jenkins.setBuildStatus(context(), new CommitStatus("dtf/api-tests", BuildStatus.SUCCESS, "100 of 100", null)));

        JENKINS.verify(getRequestedFor(urlEqualTo(CRUMB)).withHeader("Authorization", equalTo(basic(PASSWORD))));
        JENKINS.verify(2, postRequestedFor(urlEqualTo(SUBMIT)).withHeader("Jenkins-Crumb", equalTo("c0ffee"))
                .withHeader("Cookie", equalTo("JSESSIONID.7f3a=node01abc"))
                .withHeader("Authorization", equalTo(basic(PASSWORD))));
        assertEquals(1, JENKINS.findAll(getRequestedFor(urlEqualTo(CRUMB))).size(), "one crumb serves");
        jenkins.close();
    }

    @Test
    void aRefusedCrumbIsFetchedAgainOnceThenThePostRepeated() throws Exception {
        stubDescription("null");
        JENKINS.stubFor(get(urlEqualTo(CRUMB)).inScenario("crumb").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("expired").willReturn(okJson("{\"crumb\":\"old\",\"crumbRequestField\":\"Jenkins-Crumb\"}")
                        .withHeader("Set-Cookie", "JSESSIONID.1=s1; Path=/")));
        JENKINS.stubFor(get(urlEqualTo(CRUMB)).inScenario("crumb").whenScenarioStateIs("expired")
                .willReturn(okJson("{\"crumb\":\"new\",\"crumbRequestField\":\"Jenkins-Crumb\"}")
                        .withHeader("Set-Cookie", "JSESSIONID.1=s2; Path=/")));
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).withHeader("Jenkins-Crumb", equalTo("old")).willReturn(aResponse()
                .withStatus(403).withBody("<html><body><h2>HTTP ERROR 403 No valid crumb was included in the request</h2>")));
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).withHeader("Jenkins-Crumb", equalTo("new"))
                .withHeader("Cookie", equalTo("JSESSIONID.1=s2")).willReturn(aResponse().withStatus(302)));
        JenkinsProvider jenkins = provider(null, PASSWORD);

        done(jenkins.setBuildStatus(context(), FAILED));

        assertEquals(2, JENKINS.findAll(getRequestedFor(urlEqualTo(CRUMB))).size());
        assertEquals(2, JENKINS.findAll(postRequestedFor(urlEqualTo(SUBMIT))).size());
        jenkins.close();
    }

    @Test
    void aCrumbRefusedTwiceIsRejectedNotFetchedForever() {
        stubDescription("null");
        JENKINS.stubFor(get(urlEqualTo(CRUMB)).willReturn(okJson("{\"crumb\":\"c\",\"crumbRequestField\":\"Jenkins-Crumb\"}")));
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).willReturn(aResponse().withStatus(403)
                .withBody("No valid crumb was included in the request")));
        JenkinsProvider jenkins = provider(null, PASSWORD);

        ExternalSystemResult result = failure(jenkins.setBuildStatus(context(), FAILED));

        assertEquals(Status.REJECTED, result.status());
        assertEquals("http_403", result.errorCode());
        assertEquals(2, JENKINS.findAll(getRequestedFor(urlEqualTo(CRUMB))).size());
        assertEquals(2, JENKINS.findAll(postRequestedFor(urlEqualTo(SUBMIT))).size());
        jenkins.close();
    }

    @Test
    void aJenkinsWithoutACrumbIssuerTakesThePostWithoutOne() throws Exception {
        stubDescription("null");
        stubSubmitRedirects();
        JENKINS.stubFor(get(urlEqualTo(CRUMB)).willReturn(aResponse().withStatus(404)));
        JenkinsProvider jenkins = provider(null, PASSWORD);

        done(jenkins.setBuildStatus(context(), FAILED));

        JENKINS.verify(postRequestedFor(urlEqualTo(SUBMIT)).withHeader("Jenkins-Crumb", absent()));
        jenkins.close();
    }

    @Test
    void twoRunsOfOneBuildKeepBothLines() throws Exception {
        // Jenkins keeps what was posted last: the description answers with it
        JENKINS.stubFor(get(urlPathEqualTo(DESCRIPTION)).inScenario("d").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"description\":null}")));
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).inScenario("d").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("one").willReturn(aResponse().withStatus(302)));
        JENKINS.stubFor(get(urlPathEqualTo(DESCRIPTION)).inScenario("d").whenScenarioStateIs("one")
                .willReturn(okJson("{\"description\":\"dtf/api-tests: failed - 98 of 100 tests passed, 2 failed - https://dtf.example/runs/r12\"}")));
        JENKINS.stubFor(post(urlEqualTo(SUBMIT)).inScenario("d").whenScenarioStateIs("one")
                .willSetStateTo("two").willReturn(aResponse().withStatus(302)));
        JenkinsProvider jenkins = provider(TOKEN, null);

        CompletableFuture<Void> first = jenkins.setBuildStatus(context(), FAILED);
        CompletableFuture<Void> second = jenkins.setBuildStatus(context(),
                new CommitStatus("dtf/ui-tests", BuildStatus.SUCCESS, "12 of 12 tests passed", null));
        done(first);
        done(second);

        assertEquals("dtf/api-tests: failed - 98 of 100 tests passed, 2 failed - https://dtf.example/runs/r12\n"
                + "dtf/ui-tests: passed - 12 of 12 tests passed", submitted().get(1));
        assertEquals(2, submitted().size());
        jenkins.close();
    }

    @Test
    void credentialsGoOnlyToTheConfiguredJenkins() {
        JenkinsProvider jenkins = provider(TOKEN, null);
        ExternalSystemResult foreign = failure(jenkins.setBuildStatus(
                context("https://evil.example/jenkins/job/team/job/api/42/"), FAILED));
        assertEquals(Status.REJECTED, foreign.status());
        assertEquals("foreign_build", foreign.errorCode());
        assertEquals("invalid_context", failure(jenkins.setBuildStatus(context(null), FAILED)).errorCode());
        assertEquals(0, JENKINS.getAllServeEvents().size());
        jenkins.close();
    }

    @Test
    void eachErrorAnswerSaysWhetherTryingAgainHelps() {
        Map<Integer, Status> expected = Map.of(401, Status.REJECTED, 403, Status.REJECTED, 404, Status.NOT_FOUND,
                400, Status.REJECTED, 422, Status.REJECTED, 500, Status.UNAVAILABLE, 502, Status.UNAVAILABLE);
        expected.forEach((status, outcome) -> {
            JENKINS.resetAll();
            JENKINS.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status).withBody("Jenkins says no")));
            JenkinsProvider jenkins = provider(TOKEN, null);
            ExternalSystemResult result = failure(jenkins.setBuildStatus(context(), FAILED));
            assertEquals(outcome, result.status(), status + ": " + result.describe());
            assertFalse(result.message().contains(TOKEN), result.message());
            assertEquals(status >= 500 ? 3 : 1, JENKINS.findAll(getRequestedFor(urlPathEqualTo(DESCRIPTION))).size(),
                    "a 5xx GET is tried 3 times");
            jenkins.close();
        });
    }

    @Test
    void a429WithRetryAfterComesBackRateLimitedWithThatWait() {
        JENKINS.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        JenkinsProvider jenkins = provider(TOKEN, null);
        ExternalSystemResult result = failure(jenkins.setBuildStatus(context(), FAILED));
        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(100)) > 0, "about 120 s: " + result.retryAfter());
        jenkins.close();
    }
}
