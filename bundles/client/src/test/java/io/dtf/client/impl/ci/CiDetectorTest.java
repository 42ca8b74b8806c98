package io.dtf.client.impl.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Detection in realistic environments of each CI system, as its documentation (cited in each system's class)
 * describes them, with the variables of an ordinary machine and secrets around them.
 */
class CiDetectorTest {
    private static final String SHA = "9f3e5a8c2b1d4e6f7a8b9c0d1e2f3a4b5c6d7e8f";
    private static final String HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    /** Secrets CI systems put into jobs' environments; none may reach a context. */
    private static final Map<String, String> SECRETS = Map.of("GITHUB_TOKEN", "ghs_secret0123456789",
            "CI_JOB_TOKEN", "glcbt-secret0123456789", "SYSTEM_ACCESSTOKEN", "azure-secret0123456789",
            "DTF_TOKEN", "dtf-secret0123456789", "ACTIONS_RUNTIME_TOKEN", "runtime-secret0123456789");

    private final Map<String, String> files = new HashMap<>();

    /** An ordinary machine's variables, the secrets, and the system's. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin", "HOME", "/home/runner",
                "LANG", "C.UTF-8"));
        env.putAll(SECRETS);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private CIContext detect(Map<String, String> env) {
        Optional<CIContext> context = CiDetector.detect(env, path -> Optional.ofNullable(files.get(path)));
        assertTrue(context.isPresent(), "detected in " + env);
        for (String secret : SECRETS.values()) {
            assertFalse(context.get().toString().contains(secret), "a secret in " + context.get());
        }
        assertEquals(List.of(), context.get().problems("ci"), "a context the coordinator takes");
        return context.get();
    }

    private static final String[] GITHUB = {"CI", "true", "GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop",
        "GITHUB_SERVER_URL", "https://github.com", "GITHUB_API_URL", "https://api.github.com", "GITHUB_RUN_ID",
        "9876543210", "GITHUB_RUN_NUMBER", "57", "GITHUB_RUN_ATTEMPT", "2", "GITHUB_WORKFLOW", "CI", "GITHUB_JOB",
        "test", "GITHUB_WORKSPACE", "/home/runner/work/shop/shop", "RUNNER_OS", "Linux"};

    private static Map<String, String> github(String... more) {
        Map<String, String> env = env(GITHUB);
        env.putAll(env(more));
        return env;
    }

    @Test
    void githubActionsPush() {
        CIContext ci = detect(github("GITHUB_EVENT_NAME", "push", "GITHUB_SHA", SHA, "GITHUB_REF", "refs/heads/main",
                "GITHUB_REF_NAME", "main", "GITHUB_REF_TYPE", "branch", "GITHUB_HEAD_REF", "", "GITHUB_BASE_REF", "",
                "GITHUB_EVENT_PATH", "/home/runner/work/_temp/_github_workflow/event.json"));

        assertEquals(new CIContext("github", "acme/shop", SHA, "main", null, "9876543210",
                URI.create("https://github.com/acme/shop/actions/runs/9876543210"), Map.of("apiUrl",
                "https://api.github.com", "serverUrl", "https://github.com", "runAttempt", "2", "runNumber", "57",
                "workflow", "CI", "job", "test", "eventName", "push")), ci);
    }

    @Test
    void githubActionsPullRequestTakesTheHeadCommitFromTheEventFile() {
        files.put("/home/runner/work/_temp/_github_workflow/event.json", "{\"action\": \"synchronize\", \"number\": 42,"
                + " \"pull_request\": {\"number\": 42, \"head\": {\"ref\": \"feature/cart\", \"sha\": \"" + HEAD
                + "\"}, \"base\": {\"ref\": \"main\", \"sha\": \"" + SHA + "\"}}}");
        Map<String, String> env = github("GITHUB_EVENT_NAME", "pull_request", "GITHUB_SHA", SHA, "GITHUB_REF",
                "refs/pull/42/merge", "GITHUB_REF_NAME", "42/merge", "GITHUB_HEAD_REF", "feature/cart",
                "GITHUB_BASE_REF", "main", "GITHUB_EVENT_PATH", "/home/runner/work/_temp/_github_workflow/event.json");

        CIContext ci = detect(env);
        assertEquals(HEAD, ci.commit(), "the head commit, not the merge commit GITHUB_SHA");
        assertEquals("feature/cart", ci.branch());
        assertEquals(42, ci.pullRequest());
        assertEquals(SHA, ci.attribute("mergeCommit"));
        assertEquals("main", ci.attribute("baseRef"));

        files.clear(); // an event file that cannot be read: the number and branch from the variables
        CIContext fromVariables = detect(env);
        assertEquals(42, fromVariables.pullRequest());
        assertEquals("feature/cart", fromVariables.branch());
        assertEquals(SHA, fromVariables.commit());
    }

    @Test
    void gitlabCiBranchPipeline() {
        CIContext ci = detect(env("CI", "true", "GITLAB_CI", "true", "CI_SERVER_URL", "https://gitlab.example.com",
                "CI_API_V4_URL", "https://gitlab.example.com/api/v4", "CI_PROJECT_ID", "278964", "CI_PROJECT_PATH",
                "acme/platform/shop", "CI_COMMIT_SHA", SHA, "CI_COMMIT_BRANCH", "main", "CI_COMMIT_REF_NAME", "main",
                "CI_PIPELINE_ID", "1109", "CI_PIPELINE_URL", "https://gitlab.example.com/acme/platform/shop/-/pipelines/1109",
                "CI_JOB_ID", "50021", "CI_JOB_NAME", "test", "CI_JOB_URL",
                "https://gitlab.example.com/acme/platform/shop/-/jobs/50021", "CI_REPOSITORY_URL",
                "https://gitlab-ci-token:glcbt-secret0123456789@gitlab.example.com/acme/platform/shop.git"));

        assertEquals(new CIContext("gitlab", "acme/platform/shop", SHA, "main", null, "50021",
                URI.create("https://gitlab.example.com/acme/platform/shop/-/jobs/50021"), Map.of("projectId", "278964",
                "serverUrl", "https://gitlab.example.com", "apiUrl", "https://gitlab.example.com/api/v4",
                "pipelineId", "1109", "pipelineUrl", "https://gitlab.example.com/acme/platform/shop/-/pipelines/1109",
                "jobName", "test")), ci);
    }

    @Test
    void gitlabCiMergedResultsPipeline() {
        CIContext ci = detect(env("CI", "true", "GITLAB_CI", "true", "CI_SERVER_URL", "https://gitlab.com",
                "CI_PROJECT_ID", "278964", "CI_PROJECT_PATH", "acme/shop", "CI_COMMIT_SHA", SHA, "CI_COMMIT_REF_NAME",
                "refs/merge-requests/17/merge", "CI_MERGE_REQUEST_IID", "17", "CI_MERGE_REQUEST_PROJECT_ID", "278964",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/cart", "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", HEAD,
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main", "CI_PIPELINE_ID", "1110", "CI_JOB_ID", "50022",
                "CI_JOB_URL", "https://gitlab.com/acme/shop/-/jobs/50022"));

        assertEquals(HEAD, ci.commit(), "the source branch's head, not the merge commit");
        assertEquals("feature/cart", ci.branch());
        assertEquals(17, ci.pullRequest());
        assertEquals("17", ci.attribute("mergeRequestIid"));
        assertEquals("main", ci.attribute("targetBranch"));
    }

    @Test
    void jenkinsMultibranchPullRequest() {
        CIContext ci = detect(env("JENKINS_URL", "https://jenkins.example.com/", "JENKINS_HOME", "/var/jenkins_home",
                "JOB_NAME", "shop/PR-42", "BUILD_NUMBER", "7", "BUILD_ID", "7", "BUILD_TAG", "jenkins-shop-PR-42-7",
                "BUILD_URL", "https://jenkins.example.com/job/shop/job/PR-42/7/", "BRANCH_NAME", "PR-42",
                "CHANGE_ID", "42", "CHANGE_BRANCH", "feature/cart", "CHANGE_TARGET", "main", "CHANGE_URL",
                "https://github.com/acme/shop/pull/42", "GIT_COMMIT", SHA, "GIT_URL",
                "https://builder:dtf-secret0123456789@github.com/acme/shop.git"));

        assertEquals(new CIContext("jenkins", "https://github.com/acme/shop.git", SHA, "feature/cart", 42, "7",
                URI.create("https://jenkins.example.com/job/shop/job/PR-42/7/"), Map.of("jobName", "shop/PR-42",
                "jenkinsUrl", "https://jenkins.example.com/", "buildTag", "jenkins-shop-PR-42-7", "changeUrl",
                "https://github.com/acme/shop/pull/42", "changeTarget", "main")), ci);
    }

    @Test
    void jenkinsFreestyleJobWithTheGitPlugin() {
        CIContext ci = detect(env("JENKINS_HOME", "/var/jenkins_home", "JOB_NAME", "shop-nightly", "BUILD_NUMBER",
                "311", "GIT_COMMIT", SHA, "GIT_BRANCH", "origin/release/2.x", "GIT_URL", "git@github.com:acme/shop.git"));

        assertEquals("release/2.x", ci.branch());
        assertEquals("git@github.com:acme/shop.git", ci.repository());
        assertEquals("311", ci.buildId());
        assertEquals(null, ci.buildUrl(), "no BUILD_URL without a configured Jenkins URL");
    }

    @Test
    void azurePipelinesPullRequestFromGitHub() {
        CIContext ci = detect(env("TF_BUILD", "True", "AGENT_OS", "Linux", "SYSTEM_COLLECTIONURI",
                "https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECT", "Shop Team", "SYSTEM_TEAMPROJECTID",
                "2f8a1c1e-0000-4000-8000-000000000001", "BUILD_BUILDID", "1234", "BUILD_BUILDNUMBER", "20261207.3",
                "BUILD_BUILDURI", "vstfs:///Build/Build/1234", "BUILD_DEFINITIONNAME", "shop-ci",
                "BUILD_REPOSITORY_NAME", "acme/shop", "BUILD_REPOSITORY_PROVIDER", "GitHub", "BUILD_REPOSITORY_ID",
                "acme/shop", "BUILD_REPOSITORY_URI", "https://github.com/acme/shop", "BUILD_SOURCEBRANCH",
                "refs/pull/42/merge", "BUILD_SOURCEVERSION", SHA, "SYSTEM_PULLREQUEST_PULLREQUESTID", "1467823",
                "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", "42", "SYSTEM_PULLREQUEST_SOURCEBRANCH", "feature/cart",
                "SYSTEM_PULLREQUEST_SOURCECOMMITID", HEAD, "SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main"));

        assertEquals(new CIContext("azure", "acme/shop", HEAD, "feature/cart", 42, "1234",
                URI.create("https://dev.azure.com/acme/Shop%20Team/_build/results?buildId=1234"), Map.of(
                "collectionUri", "https://dev.azure.com/acme/", "project", "Shop Team", "projectId",
                "2f8a1c1e-0000-4000-8000-000000000001", "repositoryProvider", "GitHub", "repositoryId", "acme/shop",
                "pullRequestId", "1467823", "buildNumber", "20261207.3", "definitionName", "shop-ci",
                "targetBranch", "main")), ci);
    }

    @Test
    void azurePipelinesBranchBuildOnAzureRepos() {
        CIContext ci = detect(env("TF_BUILD", "True", "SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/",
                "SYSTEM_TEAMPROJECT", "shop", "BUILD_BUILDID", "1235", "BUILD_REPOSITORY_NAME", "shop",
                "BUILD_REPOSITORY_PROVIDER", "TfsGit", "BUILD_SOURCEBRANCH", "refs/heads/feature/x",
                "BUILD_SOURCEVERSION", SHA, "BUILD_REPOSITORY_URI", "https://acme@dev.azure.com/acme/shop/_git/shop"));

        assertEquals("feature/x", ci.branch());
        assertEquals(SHA, ci.commit());
        assertEquals(null, ci.pullRequest());
        assertEquals(URI.create("https://dev.azure.com/acme/shop/_build/results?buildId=1235"), ci.buildUrl());
    }

    @Test
    void circleCiPullRequest() {
        CIContext ci = detect(env("CI", "true", "CIRCLECI", "true", "CIRCLE_PROJECT_USERNAME", "acme",
                "CIRCLE_PROJECT_REPONAME", "shop", "CIRCLE_REPOSITORY_URL", "git@github.com:acme/shop.git",
                "CIRCLE_SHA1", HEAD, "CIRCLE_BRANCH", "feature/cart", "CIRCLE_BUILD_NUM", "1024", "CIRCLE_BUILD_URL",
                "https://circleci.com/gh/acme/shop/1024", "CIRCLE_WORKFLOW_ID", "6f1b0c5e-0000-4000-8000-000000000002",
                "CIRCLE_JOB", "test", "CIRCLE_PULL_REQUEST", "https://github.com/acme/shop/pull/42"));

        assertEquals(new CIContext("circleci", "acme/shop", HEAD, "feature/cart", 42, "1024",
                URI.create("https://circleci.com/gh/acme/shop/1024"), Map.of("projectUsername", "acme",
                "projectReponame", "shop", "workflowId", "6f1b0c5e-0000-4000-8000-000000000002", "job", "test",
                "pullRequestUrl", "https://github.com/acme/shop/pull/42", "projectSlug", "gh/acme/shop")), ci);
    }

    @Test
    void travisCiPullRequestAndPush() {
        String[] travis = {"CI", "true", "TRAVIS", "true", "TRAVIS_REPO_SLUG", "acme/shop", "TRAVIS_BUILD_ID",
            "777001", "TRAVIS_BUILD_NUMBER", "88", "TRAVIS_BUILD_WEB_URL", "https://app.travis-ci.com/acme/shop/builds/777001",
            "TRAVIS_JOB_ID", "777002", "TRAVIS_JOB_NUMBER", "88.1", "TRAVIS_COMMIT", SHA};
        Map<String, String> pr = env(travis);
        pr.putAll(Map.of("TRAVIS_EVENT_TYPE", "pull_request", "TRAVIS_PULL_REQUEST", "42", "TRAVIS_PULL_REQUEST_SHA",
                HEAD, "TRAVIS_PULL_REQUEST_BRANCH", "feature/cart", "TRAVIS_PULL_REQUEST_SLUG", "someone/shop",
                "TRAVIS_BRANCH", "main"));
        CIContext ci = detect(pr);
        assertEquals(new CIContext("travis", "acme/shop", HEAD, "feature/cart", 42, "777001",
                URI.create("https://app.travis-ci.com/acme/shop/builds/777001"), Map.of("repoSlug", "acme/shop",
                "pullRequestSlug", "someone/shop", "buildNumber", "88", "jobId", "777002", "jobNumber", "88.1",
                "eventType", "pull_request", "targetBranch", "main")), ci);

        Map<String, String> push = env(travis);
        push.putAll(Map.of("TRAVIS_EVENT_TYPE", "push", "TRAVIS_PULL_REQUEST", "false", "TRAVIS_BRANCH", "main"));
        CIContext pushed = detect(push);
        assertEquals(SHA, pushed.commit());
        assertEquals("main", pushed.branch());
        assertEquals(null, pushed.pullRequest());
    }

    @Test
    void bitbucketPipelinesPullRequest() {
        CIContext ci = detect(env("CI", "true", "BITBUCKET_BUILD_NUMBER", "314", "BITBUCKET_COMMIT", HEAD,
                "BITBUCKET_BRANCH", "feature/cart", "BITBUCKET_WORKSPACE", "acme", "BITBUCKET_REPO_SLUG", "shop",
                "BITBUCKET_REPO_FULL_NAME", "acme/shop", "BITBUCKET_REPO_UUID", "{7f1c0000-0000-4000-8000-000000000003}",
                "BITBUCKET_PIPELINE_UUID", "{9a2b0000-0000-4000-8000-000000000004}", "BITBUCKET_STEP_UUID",
                "{1c3d0000-0000-4000-8000-000000000005}", "BITBUCKET_GIT_HTTP_ORIGIN", "http://bitbucket.org/acme/shop",
                "BITBUCKET_PR_ID", "42", "BITBUCKET_PR_DESTINATION_BRANCH", "main"));

        assertEquals(new CIContext("bitbucket", "acme/shop", HEAD, "feature/cart", 42, "314",
                URI.create("http://bitbucket.org/acme/shop/pipelines/results/314"), Map.of("workspace", "acme",
                "repoSlug", "shop", "repoUuid", "{7f1c0000-0000-4000-8000-000000000003}", "pipelineUuid",
                "{9a2b0000-0000-4000-8000-000000000004}", "stepUuid", "{1c3d0000-0000-4000-8000-000000000005}",
                "targetBranch", "main")), ci);
    }

    @Test
    void teamCityFromItsBuildPropertiesFiles() {
        files.put("/opt/buildagent/temp/buildTmp/teamcity.build123.properties", "#TeamCity build properties\n"
                + "teamcity.build.id=123\nteamcity.buildType.id=Shop_Test\nbuild.vcs.number=" + SHA + "\n"
                + "teamcity.configuration.properties.file=/opt/buildagent/temp/buildTmp/teamcity.config123.properties\n");
        files.put("/opt/buildagent/temp/buildTmp/teamcity.config123.properties", "teamcity.serverUrl=https\\://teamcity."
                + "example.com\nteamcity.build.branch=pull/42\nteamcity.pullRequest.number=42\n"
                + "teamcity.pullRequest.source.branch=feature/cart\nvcsroot.url=https\\://builder\\:dtf-secret0123456789@github.com/acme/shop.git\n"
                + "secure\\:teamcity.password.github=credentialsJSON\\:0000\n");
        CIContext ci = detect(env("TEAMCITY_VERSION", "2025.07 (build 197242)", "TEAMCITY_PROJECT_NAME", "Shop",
                "TEAMCITY_BUILDCONF_NAME", "Test", "BUILD_NUMBER", "57", "BUILD_VCS_NUMBER", HEAD,
                "TEAMCITY_BUILD_PROPERTIES_FILE", "/opt/buildagent/temp/buildTmp/teamcity.build123.properties"));

        assertEquals(new CIContext("teamcity", "https://github.com/acme/shop.git", HEAD, "feature/cart", 42, "123",
                URI.create("https://teamcity.example.com/viewLog.html?buildId=123"), Map.of("projectName", "Shop",
                "buildConfName", "Test", "buildNumber", "57", "buildTypeId", "Shop_Test", "serverUrl",
                "https://teamcity.example.com")), ci);
    }

    @Test
    void anotherCiSystemTheLibraryKnows() {
        CIContext ci = detect(env("bamboo_buildNumber", "12", "bamboo_buildResultsUrl",
                "https://bamboo.example.com/browse/SHOP-TEST-12", "bamboo_planRepository_repositoryUrl",
                "https://bamboo:dtf-secret0123456789@git.example.com/acme/shop.git", "bamboo_planRepository_revision",
                SHA, "bamboo_planRepository_branch", "main"));

        assertEquals(new CIContext("bamboo", "https://git.example.com/acme/shop.git", SHA, "main", null, "12",
                URI.create("https://bamboo.example.com/browse/SHOP-TEST-12"), Map.of()), ci);
    }

    @Test
    void notInCi() {
        assertEquals(Optional.empty(), CiDetector.detect(env("CI", "true", "USER", "dev"), path -> Optional.empty()),
                "CI=true alone names no system");
        assertEquals(Optional.empty(), CiDetector.detect(Map.of(), path -> Optional.empty()));
    }
}
