package io.dtf.ci.azure.impl;

import io.dtf.api.task.CIContext;

/**
 * What a run's CI context says of its place in Azure DevOps, by the attributes the {@code dtf} client sends from
 * Azure Pipelines' variables ({@code collectionUri}, {@code project}, {@code projectId}, {@code repositoryProvider},
 * {@code repositoryId}, {@code pullRequestId}). A missing part is a refusal naming it: a context without it will
 * never do.
 */
final class AzureContext {
    static final String COLLECTION_URI = "collectionUri";
    static final String PROJECT = "project";
    static final String PROJECT_ID = "projectId";
    static final String REPOSITORY_PROVIDER = "repositoryProvider";
    static final String REPOSITORY_ID = "repositoryId";
    static final String PULL_REQUEST_ID = "pullRequestId";
    /** Azure Repos' name in {@code Build.Repository.Provider}; pull request threads exist only there. */
    static final String AZURE_REPOS = "TfsGit";

    private AzureContext() {
    }

    /** The project's name, else its id. */
    static String project(CIContext context) {
        String project = first(context.attribute(PROJECT), context.attribute(PROJECT_ID));
        if (project == null) {
            throw Failures.rejected("invalid_context", "the CI context has no Azure DevOps project (attribute "
                    + PROJECT + " or " + PROJECT_ID + ", from System.TeamProject)");
        }
        return project;
    }

    static String repositoryId(CIContext context) {
        String provider = context.attribute(REPOSITORY_PROVIDER);
        if (provider != null && !provider.equalsIgnoreCase(AZURE_REPOS)) {
            throw Failures.rejected("unsupported_repository", "pull request threads are Azure Repos': this "
                    + "pipeline builds a " + provider + " repository, whose provider reports its pull requests");
        }
        String repository = first(context.attribute(REPOSITORY_ID), null);
        if (repository == null) {
            throw Failures.rejected("invalid_context", "the CI context has no Azure Repos repository (attribute "
                    + REPOSITORY_ID + ", from Build.Repository.ID)");
        }
        return repository;
    }

    /** Azure Repos' pull request id ({@code System.PullRequest.PullRequestId}), else the context's number. */
    static int pullRequestId(CIContext context) {
        String id = first(context.attribute(PULL_REQUEST_ID), null);
        if (id != null) {
            try {
                return Integer.parseInt(id);
            } catch (NumberFormatException e) {
                throw Failures.rejected("invalid_context", "the pull request id '" + id + "' is not a number");
            }
        }
        if (context.pullRequest() == null) {
            throw Failures.rejected("no_pull_request", "the run was not built for a pull request");
        }
        return context.pullRequest();
    }

    private static String first(String value, String otherwise) {
        return value != null && !value.isBlank() ? value.strip() : otherwise != null && !otherwise.isBlank()
                ? otherwise.strip() : null;
    }
}
