package io.dtf.client.impl.report;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client that follows a run writes when the run ends, from {@code --report} and {@code --junit-xml} and the
 * CI system the job runs in ({@code docs/ci.md}, "Reports from inside the CI job").
 *
 * <p>{@code auto} (the default) picks what the detected system reads: TeamCity service messages on TeamCity, the job
 * summary on GitHub Actions, and JUnit XML in {@link #DEFAULT_JUNIT_XML} on the systems whose report step reads a
 * file the job names (GitLab, CircleCI, Jenkins, Azure Pipelines, Travis CI, Bitbucket Pipelines; Bitbucket finds
 * {@code test-results} folders by itself). Outside CI it picks nothing. {@code --junit-xml FILE} always writes
 * FILE; {@code none} turns the automatic choice off.
 *
 * @param junitXml where the run's JUnit XML goes, or {@code null} for none
 * @param teamCity whether TeamCity service messages go to standard output
 * @param jobSummary the GitHub Actions job summary file to append to, or {@code null} for none
 */
public record ReportPlan(Path junitXml, boolean teamCity, Path jobSummary) {
    /** Where {@code auto} and {@code --report junit} write JUnit XML when {@code --junit-xml} names no file. */
    public static final Path DEFAULT_JUNIT_XML = Path.of("test-results", "dtf-junit.xml");
    /** The values of {@code --report}. */
    public static final List<String> VALUES = List.of("auto", "junit", "teamcity", "github-summary", "none");
    /** The systems whose test report step reads JUnit XML from a path given to it. */
    private static final Set<String> JUNIT_READERS = Set.of("gitlab", "circleci", "jenkins", "azure", "travis",
            "bitbucket");

    /**
     * The reports asked for.
     *
     * @param requested the values of {@code --report} (each may be a comma list); empty means {@code auto}
     * @param junitXml the file of {@code --junit-xml}, or {@code null}
     * @param provider the CI system detected here ({@code CIContext.provider()}), or {@code null} outside CI
     * @param env the environment ({@code GITHUB_STEP_SUMMARY})
     * @throws IllegalArgumentException naming the problem, for an unknown value, {@code none} with another one, or
     *     {@code github-summary} without {@code GITHUB_STEP_SUMMARY}
     */
    public static ReportPlan choose(List<String> requested, Path junitXml, String provider, Map<String, String> env) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String value : requested) {
            for (String kind : value.split(",")) {
                String k = kind.strip();
                if (!VALUES.contains(k)) {
                    throw new IllegalArgumentException("--report " + (k.isEmpty() ? "needs a value" : k
                            + " is not a report") + "; the reports are " + String.join(", ", VALUES));
                }
                kinds.add(k);
            }
        }
        if (kinds.isEmpty()) {
            kinds.add("auto");
        }
        if (kinds.contains("none") && kinds.size() > 1) {
            throw new IllegalArgumentException("--report none goes with no other report");
        }
        String summary = env.get("GITHUB_STEP_SUMMARY");
        boolean hasSummary = summary != null && !summary.isBlank();
        // Set.of(...).contains(null) throws: outside CI the provider is ""
        String system = provider == null ? "" : provider;
        boolean auto = kinds.contains("auto");
        if (kinds.contains("github-summary") && !hasSummary) {
            throw new IllegalArgumentException("--report github-summary needs GITHUB_STEP_SUMMARY, the file GitHub "
                    + "Actions gives each step");
        }
        boolean junit = kinds.contains("junit") || auto && JUNIT_READERS.contains(system);
        boolean teamCity = kinds.contains("teamcity") || auto && system.equals("teamcity");
        boolean github = kinds.contains("github-summary") || auto && system.equals("github") && hasSummary;
        return new ReportPlan(junitXml != null ? junitXml : junit ? DEFAULT_JUNIT_XML : null, teamCity,
                github ? Path.of(summary.strip()) : null);
    }

    /**
     * Whether {@code --report} asks for a report by name (not {@code auto} or {@code none}): such a request makes
     * {@code submit} follow the run, as {@code --junit-xml} does.
     */
    public static boolean named(List<String> requested) {
        return requested.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::strip)
                .anyMatch(k -> !k.equals("auto") && !k.equals("none"));
    }
}
