package io.dtf.ci.gitlab.impl;

import static io.dtf.ci.gitlab.impl.GitLabFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.task.CIContext;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider's configuration: what it refuses, and which runs an instance reports. */
class GitLabProviderTest {

    @Test
    void itReportsCommitStatusesAndMergeRequestNotes() {
        GitLabProvider gitlab = GitLabFixture.provider(GitLabFixture.time(), Map.of(".token", TOKEN));
        try {
            assertEquals(Set.of(CICapability.BUILD_STATUS, CICapability.PR_COMMENT), gitlab.capabilities());
            assertTrue(gitlab.withJobToken("job-token").isEmpty(), "GitLab's CI_JOB_TOKEN may not set statuses or write notes");
        } finally {
            gitlab.deactivate();
        }
    }

    @Test
    void anInstanceReportsTheRunsOfItsServer() {
        GitLabProvider gitlabCom = GitLabFixture.provider(GitLabFixture.time(), Map.of(".token", TOKEN));
        GitLabProvider selfManaged = GitLabFixture.provider(GitLabFixture.time(),
                Map.of(".token", TOKEN, "apiUrl", "https://GitLab.Example.com/api/v4/"));
        try {
            CIContext onGitLabCom = job(Map.of("apiUrl", "https://gitlab.com/api/v4", "serverUrl", "https://gitlab.com"));
            CIContext onSelfManaged = job(Map.of("apiUrl", "https://gitlab.example.com/api/v4"));
            CIContext serverOnly = job(Map.of("serverUrl", "https://gitlab.example.com"));
            CIContext unknownServer = job(Map.of());

            assertTrue(gitlabCom.accepts(onGitLabCom));
            assertFalse(gitlabCom.accepts(onSelfManaged));
            assertFalse(gitlabCom.accepts(serverOnly));
            assertTrue(gitlabCom.accepts(unknownServer));
            assertTrue(selfManaged.accepts(onSelfManaged), "host names compare without case, a trailing / aside");
            assertTrue(selfManaged.accepts(serverOnly));
            assertFalse(selfManaged.accepts(onGitLabCom));
        } finally {
            gitlabCom.deactivate();
            selfManaged.deactivate();
        }
    }

    @Test
    void anInstanceWithProjectsReportsTheirRunsOnly() {
        GitLabProvider gitlab = GitLabFixture.provider(GitLabFixture.time(),
                Map.of(".token", TOKEN, "projects", new String[] {"acme/web/", "1234"}));
        try {
            assertTrue(gitlab.accepts(new CIContext("gitlab", "acme/web/shop", null, null, null, null, null, Map.of())),
                    "a group covers the projects of its subgroups");
            assertTrue(gitlab.accepts(new CIContext("gitlab", "Acme/Web", null, null, null, null, null, Map.of())));
            assertTrue(gitlab.accepts(new CIContext("gitlab", "other/x", null, null, null, null, null,
                    Map.of("projectId", "1234"))));
            assertFalse(gitlab.accepts(new CIContext("gitlab", "acme/webshop", null, null, null, null, null, Map.of())));
            assertFalse(gitlab.accepts(new CIContext("gitlab", "other/x", null, null, null, null, null, Map.of())));
        } finally {
            gitlab.deactivate();
        }
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedByName() {
        assertRefused(Map.of(), ".token is required");
        assertRefused(Map.of(".token", "${env:DTF_TEST_NOT_SET_ANYWHERE}"), "${env:DTF_TEST_NOT_SET_ANYWHERE} is not set");
        assertRefused(Map.of(".token", TOKEN, "apiUrl", "gitlab.example.com"), "apiUrl must be the http(s) URL");
        assertRefused(Map.of(".token", TOKEN, "requestsPerMinute", 0), "requestsPerMinute must be 1 or more");
    }

    private static void assertRefused(Map<String, Object> settings, String because) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new GitLabProvider().activate(GitLabFixture.config(settings), GitLabFixture.time()));
        assertTrue(refused.getMessage().startsWith("io.dtf.ci.gitlab: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(because), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
    }

    private static CIContext job(Map<String, String> attributes) {
        return new CIContext("gitlab", "acme/shop", GitLabFixture.SHA, "main", null, "1", null, attributes);
    }
}
