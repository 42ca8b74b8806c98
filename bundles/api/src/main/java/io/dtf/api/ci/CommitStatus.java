package io.dtf.api.ci;

import java.net.URI;
import java.util.Objects;

/**
 * A status set on a commit ({@link CIProvider#setBuildStatus}).
 *
 * @param name what the status is about, unique per commit so that several DTF runs on one commit keep a status
 *     each: GitHub's {@code context}, GitLab's {@code name}, Bitbucket's {@code key} ({@code dtf/api-tests})
 * @param status the status
 * @param description one line for people ({@code 98 of 100 tests passed}); providers shorten it to their limit
 *     (GitHub's is 140 characters)
 * @param link where it leads: the run in DTF, or {@code null}
 */
public record CommitStatus(String name, BuildStatus status, String description, URI link) {
    public CommitStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        description = description == null ? "" : description;
    }
}
