package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.Map;

/**
 * CircleCI, from its built-in variables (https://circleci.com/docs/reference/variables/). The pull request's
 * number is {@code CIRCLE_PR_NUMBER} (forked pull requests) or the end of {@code CIRCLE_PULL_REQUEST}. The project
 * slug its API takes ({@code gh/owner/repo}, https://circleci.com/docs/api/v2/) is made from the repository's host
 * and the project's user and name, for repositories on GitHub and Bitbucket.
 */
final class CircleCi extends CiSystem {
    CircleCi() {
        super("CircleCI", env -> env.isTrue("CIRCLECI"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        String user = env.get("CIRCLE_PROJECT_USERNAME");
        String name = env.get("CIRCLE_PROJECT_REPONAME");
        String pullUrl = env.get("CIRCLE_PULL_REQUEST");
        Integer number = env.number("CIRCLE_PR_NUMBER");
        if (number == null && pullUrl != null && pullUrl.contains("/pull")) {
            number = Env.positive(pullUrl.substring(pullUrl.lastIndexOf('/') + 1));
        }
        Map<String, String> attributes = env.attributes("projectUsername", "CIRCLE_PROJECT_USERNAME",
                "projectReponame", "CIRCLE_PROJECT_REPONAME", "workflowId", "CIRCLE_WORKFLOW_ID", "job", "CIRCLE_JOB",
                "pullRequestUrl", "CIRCLE_PULL_REQUEST");
        String vcs = vcs(env.get("CIRCLE_REPOSITORY_URL"));
        if (vcs != null && user != null && name != null) {
            attributes.put("projectSlug", vcs + "/" + user + "/" + name);
        }
        return new CIContext("circleci", user == null || name == null ? null : user + "/" + name,
                first(library.revision(), env.get("CIRCLE_SHA1")), first(library.branch(), env.get("CIRCLE_BRANCH")),
                number, first(library.buildNumber(), env.get("CIRCLE_BUILD_NUM")),
                Env.webUrl(first(library.url(), env.get("CIRCLE_BUILD_URL"))), attributes);
    }

    /** {@code gh} or {@code bb} for a repository on GitHub or Bitbucket (https or git@ URL); {@code null} otherwise. */
    private static String vcs(String repositoryUrl) {
        if (repositoryUrl == null) {
            return null;
        }
        String host = repositoryUrl.contains("://") ? URI.create(Env.withoutUserInfo(repositoryUrl)).getHost()
                : repositoryUrl.replaceFirst("^[^@]*@", "").replaceFirst(":.*$", "");
        return "github.com".equals(host) ? "gh" : "bitbucket.org".equals(host) ? "bb" : null;
    }
}
