package io.dtf.api.task;

import io.dtf.api.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** The longest provider name. */
    public static final int MAX_PROVIDER_LENGTH = 64;
    /** The longest repository and branch. */
    public static final int MAX_NAME_LENGTH = 512;
    /** The longest commit id (a SHA-256 is 64 hex digits). */
    public static final int MAX_COMMIT_LENGTH = 128;
    /** The longest build id. */
    public static final int MAX_BUILD_ID_LENGTH = 256;
    /** The longest build URL and attribute value. */
    public static final int MAX_TEXT_LENGTH = 2048;
    /** The most attributes. */
    public static final int MAX_ATTRIBUTES = 50;

    /**
     * What is wrong with this context for a run to carry it, each problem at {@code <location>.<part>}: parts
     * longer than the limits above (what the store keeps as searchable columns), a pull request number below 1,
     * a build URL that is not an absolute http(s) URL. Empty when nothing is.
     */
    public List<Problem> problems(String location) {
        List<Problem> problems = new ArrayList<>();
        if (provider.isBlank()) {
            problems.add(new Problem(location + ".provider", "must not be empty"));
        }
        tooLong(problems, location + ".provider", provider, MAX_PROVIDER_LENGTH);
        tooLong(problems, location + ".repository", repository, MAX_NAME_LENGTH);
        tooLong(problems, location + ".commit", commit, MAX_COMMIT_LENGTH);
        tooLong(problems, location + ".branch", branch, MAX_NAME_LENGTH);
        tooLong(problems, location + ".buildId", buildId, MAX_BUILD_ID_LENGTH);
        if (pullRequest != null && pullRequest < 1) {
            problems.add(new Problem(location + ".pullRequest", "must be 1 or more, not " + pullRequest));
        }
        if (buildUrl != null) {
            String scheme = buildUrl.getScheme() == null ? "" : buildUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || buildUrl.getHost() == null) {
                problems.add(new Problem(location + ".buildUrl", "must be an absolute http(s) URL"));
            }
            tooLong(problems, location + ".buildUrl", buildUrl.toString(), MAX_TEXT_LENGTH);
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            problems.add(new Problem(location + ".attributes", "more than " + MAX_ATTRIBUTES + " attributes"));
        }
        attributes.forEach((name, value) -> {
            String at = location + ".attributes." + name;
            if (name.isBlank()) {
                problems.add(new Problem(location + ".attributes", "an attribute name must not be empty"));
            }
            tooLong(problems, at, name, Labels.MAX_NAME_LENGTH);
            tooLong(problems, at, value, MAX_TEXT_LENGTH);
        });
        return problems;
    }

    private static void tooLong(List<Problem> problems, String location, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new Problem(location, "longer than " + max + " characters"));
        }
    }

    /** A provider's attribute, or {@code null}. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
