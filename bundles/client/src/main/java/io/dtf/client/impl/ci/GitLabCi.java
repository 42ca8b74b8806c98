package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;

/**
 * GitLab CI/CD, from its predefined variables (https://docs.gitlab.com/ci/variables/predefined_variables/). In a
 * merge request pipeline the branch is the merge request's source branch; in a merged results pipeline the
 * commit under test is the source branch's head ({@code CI_MERGE_REQUEST_SOURCE_BRANCH_SHA}), not the merge commit.
 */
final class GitLabCi extends CiSystem {
    GitLabCi() {
        super("GitLab", env -> env.isTrue("GITLAB_CI"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        return new CIContext("gitlab", env.get("CI_PROJECT_PATH"),
                first(env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"), library.revision(), env.get("CI_COMMIT_SHA")),
                first(env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"), library.branch(), env.get("CI_COMMIT_BRANCH")),
                env.number("CI_MERGE_REQUEST_IID"), first(library.buildNumber(), env.get("CI_JOB_ID")),
                Env.webUrl(first(library.url(), env.get("CI_JOB_URL"))),
                env.attributes("projectId", "CI_PROJECT_ID", "serverUrl", "CI_SERVER_URL", "apiUrl", "CI_API_V4_URL",
                        "pipelineId", "CI_PIPELINE_ID", "pipelineUrl", "CI_PIPELINE_URL", "jobName", "CI_JOB_NAME",
                        "mergeRequestIid", "CI_MERGE_REQUEST_IID", "mergeRequestProjectId",
                        "CI_MERGE_REQUEST_PROJECT_ID", "targetBranch", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"));
    }
}
