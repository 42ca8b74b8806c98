package io.dtf.api.task;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run comes from: the CI system, repository, commit and build that submitted it. The {@code dtf}
 * client detects it from the CI job's environment; a REST caller may give it. Every part but
 * {@code provider} may be {@code null} when the CI system does not tell it.
 *
 * @param provider the CI system: {@code github}, {@code gitlab}, {@code jenkins}, {@code azure},
 *     {@code circleci}, {@code travis}, {@code bitbucket}, {@code teamcity}, or another name
 * @param repository the repository as the CI system names it ({@code owner/name}, a project path or a URL)
 * @param commit the commit under test: on a pull request the head commit, not the merge commit CI may build
 * @param branch the branch (the pull request's source branch on a pull request)
 * @param pullRequest the pull or merge request number, or {@code null} when the build is not for one
 * @param buildId the CI system's id of the build, pipeline or workflow run
 * @param buildUrl a link to the build
 * @param attributes what a provider needs beyond these, by the provider's own names (for example GitLab's
 *     {@code projectId}, Azure's {@code collectionUri} and {@code project}); never secrets
 */
public record CIContext(String provider, String repository, String commit, String branch, Integer pullRequest,
                        String buildId, URI buildUrl, Map<String, String> attributes) {
    public CIContext {
        Objects.requireNonNull(provider, "provider");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A provider's attribute, or {@code null}. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
