package io.dtf.ci.bitbucket.impl;

import static io.dtf.ci.bitbucket.impl.BitbucketFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.task.CIContext;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider's configuration: what it refuses, and which runs an instance reports. */
class BitbucketProviderTest {

    @Test
    void itReportsTestRunsBuildStatusesAndPullRequestComments() {
        BitbucketProvider bitbucket = BitbucketFixture.provider(BitbucketProvider.BITBUCKET_CLOUD, Map.of());
        try {
            assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.BUILD_STATUS, CICapability.PR_COMMENT),
                    bitbucket.capabilities());
            assertTrue(bitbucket.withJobToken("token").isEmpty(), "Pipelines gives its jobs no token for the REST API");
        } finally {
            bitbucket.deactivate();
        }
    }

    @Test
    void anInstanceWithWorkspacesReportsTheirRunsOnly() {
        BitbucketProvider bitbucket = BitbucketFixture.provider(BitbucketProvider.BITBUCKET_CLOUD,
                Map.of("workspaces", new String[] {"Acme", " tools "}));
        BitbucketProvider everyone = BitbucketFixture.provider(BitbucketProvider.BITBUCKET_CLOUD, Map.of());
        try {
            assertTrue(bitbucket.accepts(BitbucketFixture.pipeline(7)));
            assertTrue(bitbucket.accepts(new CIContext("bitbucket", "tools/cli", null, null, null, null, null, Map.of())));
            assertFalse(bitbucket.accepts(new CIContext("bitbucket", "other/shop", null, null, null, null, null, Map.of())));
            assertFalse(bitbucket.accepts(new CIContext("bitbucket", null, null, null, null, null, null, Map.of())));
            assertTrue(everyone.accepts(new CIContext("bitbucket", "other/shop", null, null, null, null, null, Map.of())));
        } finally {
            bitbucket.deactivate();
            everyone.deactivate();
        }
    }

    @Test
    void theRepositoryIsTheContextsWorkspaceAndSlugElseItsFullName() {
        assertEquals(new Repository("acme", "shop"), Repository.of(BitbucketFixture.pipeline(7)));
        assertEquals(new Repository("acme", "web"),
                Repository.of(new CIContext("bitbucket", "acme/web", null, null, null, null, null, Map.of())));
        assertEquals(null, Repository.of(new CIContext("bitbucket", "acme", null, null, null, null, null, Map.of())));
        assertEquals(null, Repository.of(new CIContext("bitbucket", "a/b/c", null, null, null, null, null, Map.of())));
    }

    @Test
    void theWebSiteOfBitbucketCloudIsBitbucketOrg() {
        assertEquals(URI.create("https://bitbucket.org"), BitbucketProvider.web(URI.create(BitbucketProvider.BITBUCKET_CLOUD)));
        assertEquals(URI.create("http://localhost:8080"), BitbucketProvider.web(URI.create("http://localhost:8080/2.0")));
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedByName() {
        assertRefused(Map.of(), "give either .token");
        assertRefused(Map.of(".token", TOKEN, "username", "ci@acme.example", ".appPassword", "pw"), "not both");
        assertRefused(Map.of("username", "ci@acme.example"), ".appPassword is required");
        assertRefused(Map.of(".token", "${env:DTF_TEST_NOT_SET_ANYWHERE}"), "${env:DTF_TEST_NOT_SET_ANYWHERE} is not set");
        assertRefused(Map.of(".token", TOKEN, "apiUrl", "api.bitbucket.org/2.0"), "apiUrl must be the http(s) URL");
        assertRefused(Map.of(".token", TOKEN, "requestsPerHour", 0), "requestsPerHour must be 1 or more");
    }

    private static void assertRefused(Map<String, Object> settings, String because) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new BitbucketProvider()
                .activate(BitbucketFixture.config(settings), new ManualHttpTime(Instant.EPOCH)));
        assertTrue(refused.getMessage().startsWith("io.dtf.ci.bitbucket: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(because), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
    }
}
