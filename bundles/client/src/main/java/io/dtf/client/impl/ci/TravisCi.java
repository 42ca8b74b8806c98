package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;
import java.util.Map;

/**
 * Travis CI, from its default variables
 * (https://docs.travis-ci.com/user/environment-variables/#default-environment-variables). On a pull request
 * ({@code TRAVIS_PULL_REQUEST} is its number, else {@code false}) {@code TRAVIS_COMMIT} is the merge commit and
 * {@code TRAVIS_BRANCH} the target: the head is {@code TRAVIS_PULL_REQUEST_SHA} on {@code TRAVIS_PULL_REQUEST_BRANCH}.
 */
final class TravisCi extends CiSystem {
    TravisCi() {
        super("Travis CI", env -> env.isTrue("TRAVIS"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        Integer number = env.number("TRAVIS_PULL_REQUEST");
        Map<String, String> attributes = env.attributes("repoSlug", "TRAVIS_REPO_SLUG", "pullRequestSlug",
                "TRAVIS_PULL_REQUEST_SLUG", "buildNumber", "TRAVIS_BUILD_NUMBER", "jobId", "TRAVIS_JOB_ID",
                "jobNumber", "TRAVIS_JOB_NUMBER", "jobWebUrl", "TRAVIS_JOB_WEB_URL", "eventType", "TRAVIS_EVENT_TYPE");
        String commit;
        String branch;
        if (number != null) {
            commit = first(env.get("TRAVIS_PULL_REQUEST_SHA"), library.revision(), env.get("TRAVIS_COMMIT"));
            branch = env.get("TRAVIS_PULL_REQUEST_BRANCH");
            if (env.has("TRAVIS_BRANCH")) {
                attributes.put("targetBranch", env.get("TRAVIS_BRANCH"));
            }
        } else {
            commit = first(library.revision(), env.get("TRAVIS_COMMIT"));
            branch = first(library.branch(), env.get("TRAVIS_BRANCH"));
        }
        return new CIContext("travis", env.get("TRAVIS_REPO_SLUG"), commit, branch, number,
                first(env.get("TRAVIS_BUILD_ID"), library.buildNumber()),
                Env.webUrl(first(library.url(), env.get("TRAVIS_BUILD_WEB_URL"))), attributes);
    }
}
