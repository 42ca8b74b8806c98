package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;

/**
 * Bitbucket Pipelines, from its default variables
 * (https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/), which Cucumber's library does not
 * know. The build's page is {@code <origin>/pipelines/results/<build number>}, on the repository's
 * {@code BITBUCKET_GIT_HTTP_ORIGIN}.
 */
final class BitbucketPipelines extends CiSystem {
    BitbucketPipelines() {
        super(null, env -> env.has("BITBUCKET_BUILD_NUMBER") && env.has("BITBUCKET_COMMIT"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        String workspace = env.get("BITBUCKET_WORKSPACE");
        String slug = env.get("BITBUCKET_REPO_SLUG");
        String repository = first(env.get("BITBUCKET_REPO_FULL_NAME"),
                workspace == null || slug == null ? null : workspace + "/" + slug);
        String build = env.get("BITBUCKET_BUILD_NUMBER");
        String origin = first(Env.withoutUserInfo(env.get("BITBUCKET_GIT_HTTP_ORIGIN")),
                repository == null ? null : "https://bitbucket.org/" + repository);
        return new CIContext("bitbucket", repository, env.get("BITBUCKET_COMMIT"), env.get("BITBUCKET_BRANCH"),
                env.number("BITBUCKET_PR_ID"), build,
                Env.webUrl(origin == null ? null : origin + "/pipelines/results/" + build),
                env.attributes("workspace", "BITBUCKET_WORKSPACE", "repoSlug", "BITBUCKET_REPO_SLUG", "repoUuid",
                        "BITBUCKET_REPO_UUID", "pipelineUuid", "BITBUCKET_PIPELINE_UUID", "stepUuid",
                        "BITBUCKET_STEP_UUID", "targetBranch", "BITBUCKET_PR_DESTINATION_BRANCH"));
    }
}
