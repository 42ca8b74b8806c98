package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;

/**
 * Jenkins, from the variables of its builds (https://www.jenkins.io/doc/book/pipeline/jenkins-file/#using-environment-variables),
 * of the Git plugin ({@code GIT_COMMIT}, {@code GIT_BRANCH}, {@code GIT_URL}:
 * https://plugins.jenkins.io/git/#plugin-content-environment-variables) and of multibranch pipelines
 * ({@code BRANCH_NAME}, {@code CHANGE_ID}, {@code CHANGE_BRANCH}: https://www.jenkins.io/doc/book/pipeline/multibranch/).
 * The repository is the Git URL without user information, where a token may stand.
 */
final class Jenkins extends CiSystem {
    Jenkins() {
        super("Jenkins", env -> env.has("JENKINS_URL") || env.has("JENKINS_HOME") && env.has("BUILD_NUMBER"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        String gitBranch = env.get("GIT_BRANCH");
        return new CIContext("jenkins", Env.withoutUserInfo(first(library.remote(), env.get("GIT_URL"))),
                first(library.revision(), env.get("GIT_COMMIT")),
                first(env.get("CHANGE_BRANCH"), env.get("BRANCH_NAME"), library.branch(),
                        gitBranch != null && gitBranch.startsWith("origin/") ? gitBranch.substring(7) : gitBranch),
                env.number("CHANGE_ID"), first(library.buildNumber(), env.get("BUILD_NUMBER")),
                Env.webUrl(first(library.url(), env.get("BUILD_URL"))),
                env.attributes("jobName", "JOB_NAME", "jenkinsUrl", "JENKINS_URL", "buildTag", "BUILD_TAG",
                        "changeUrl", "CHANGE_URL", "changeTarget", "CHANGE_TARGET"));
    }
}
