package io.dtf.ci.github.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider's configuration: credentials, what it reports with them, which runs it takes. */
class GitHubCIProviderTest extends GitHubContract {

    @Test
    void anAppReportsCheckRunsAndCommentsAndStatusesOnlyWhenAsked() {
        assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.PR_COMMENT), provider(appConfig()).capabilities());
        Map<String, Object> config = appConfig();
        config.put("statusesEnabled", "true");
        assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.BUILD_STATUS, CICapability.PR_COMMENT),
                provider(config).capabilities());
    }

    @Test
    void aPersonalAccessTokenReportsStatusesAndComments() {
        assertEquals(Set.of(CICapability.BUILD_STATUS, CICapability.PR_COMMENT), provider(tokenConfig()).capabilities());
        Map<String, Object> quiet = tokenConfig();
        quiet.put("commentsEnabled", false);
        quiet.put("statusesEnabled", "false");
        assertEquals(Set.of(), provider(quiet).capabilities());
    }

    @Test
    void aServerWithoutCredentialsReportsOnlyWithTheJobsToken() throws Exception {
        Map<String, Object> config = tokenConfig();
        config.remove("_token");
        GitHubCIProvider github = provider(config);

        assertEquals(Set.of(), github.capabilities());
        assertTrue(failure(github.upsertPrComment(context(), "dtf-nightly", "x")).message().contains("needs credentials"));
        assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.PR_COMMENT),
                github.withJobToken("ghs_jobTokenOfTheActionsRun0123456789").orElseThrow().capabilities());
        assertTrue(received().isEmpty());
    }

    @Test
    void theJobsTokenAddsCheckRuns() {
        assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.PR_COMMENT),
                provider(tokenConfig()).withJobToken("ghs_jobTokenOfTheActionsRun0123456789").orElseThrow().capabilities());
    }

    @Test
    void credentialsAreAnAppOrATokenAndAnErrorSaysWhatIsWrong() {
        Map<String, Object> both = appConfig();
        both.put("_token", PAT);
        Map<String, Object> noKey = appConfig();
        noKey.remove("_privateKey");
        Map<String, Object> badKey = appConfig();
        badKey.put("_privateKey", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----");
        Map<String, Object> badInstallation = appConfig();
        badInstallation.put("installationId", "acme");

        assertTrue(activationError(both).contains("not both"));
        assertFalse(activationError(both).contains(PAT), "never shows the token");
        assertTrue(activationError(noKey).contains(".privateKey is not set"));
        assertFalse(activationError(badKey).contains("c2VjcmV0LWtleS1tYXRlcmlhbA"), "never shows the key");
        assertTrue(activationError(badInstallation).contains("installationId must be a number"));
        Map<String, Object> badUrl = tokenConfig();
        badUrl.put("apiUrl", "api.github.com");
        assertTrue(activationError(badUrl).contains("apiUrl"));
        Map<String, Object> badStatuses = tokenConfig();
        badStatuses.put("statusesEnabled", "sometimes");
        assertTrue(activationError(badStatuses).contains("statusesEnabled must be auto, true or false"));
    }

    @Test
    void aConfigurationTakesTheRunsOfItsServerAndOfItsOwnersOrRepositories() {
        Map<String, Object> config = tokenConfig();
        config.put("owners", new String[] {"Acme"});
        config.put("repositories", new String[] {"other/tools"});
        GitHubCIProvider github = provider(config);

        assertTrue(github.accepts(context("acme/shop", null)));
        assertTrue(github.accepts(context("https://github.com/other/tools.git", null)));
        assertFalse(github.accepts(context("someone/else", null)));
        assertTrue(github.accepts(context("acme/shop", GITHUB.baseUrl() + "/")), "the same API");
        assertFalse(github.accepts(context("acme/shop", "https://ghe.example.com/api/v3")), "another server's run");
        assertTrue(provider(tokenConfig()).accepts(context("someone/else", null)), "no filter: every run of its server");
    }

    private String activationError(Map<String, Object> config) {
        GitHubCIProvider provider = new GitHubCIProvider();
        return assertThrows(IllegalArgumentException.class, () -> provider.activate(config(config), clock, null))
                .getMessage();
    }

    private static CIContext context(String repository, String apiUrl) {
        return new CIContext("github", repository, SHA, "main", null, null, URI.create("https://github.com/x"),
                apiUrl == null ? Map.of() : Map.of("apiUrl", apiUrl));
    }
}
