package io.dtf.api.ci;

/** What a CI provider can report ({@link CIProvider#capabilities()}). */
public enum CICapability {
    /**
     * Test runs that show results in the CI system and are updated as the run goes on: GitHub check runs, Azure
     * test runs, TeamCity test reporting ({@link CIProvider#createTestRun}, {@link CIProvider#updateTestRun},
     * {@link CIProvider#completeTestRun}).
     */
    TEST_RUNS,
    /** A status on the commit ({@link CIProvider#setBuildStatus}). */
    BUILD_STATUS,
    /** A comment on the pull or merge request, kept up to date ({@link CIProvider#upsertPrComment}). */
    PR_COMMENT,
    /** Files attached to the test run or build ({@link CIProvider#uploadArtifact}). */
    ARTIFACTS,
    /** What the CI system knows of the build: its name, state and link ({@link CIProvider#buildDetails}). */
    BUILD_DETAILS
}
