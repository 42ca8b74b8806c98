package io.dtf.ci.gitlab.impl;

import io.dtf.api.task.CIContext;

/**
 * The GitLab projects a context speaks of, as API paths take them: a numeric id, or the project's path
 * ({@code group/sub/project}), which the HTTP client percent-encodes as one segment ({@code group%2Fsub%2Fproject}),
 * the way GitLab's API wants it.
 */
final class Projects {
    private Projects() {
    }

    /** The project whose pipeline ran the job ({@code CI_PROJECT_ID}, else its path), or {@code null}. */
    static String ofPipeline(CIContext context) {
        String id = context.attribute("projectId");
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        return context.repository() == null || context.repository().isBlank() ? null : context.repository().strip();
    }

    /**
     * The project that holds the merge request: its target project ({@code CI_MERGE_REQUEST_PROJECT_ID}), which
     * differs from the pipeline's when the merge request comes from a fork; else the pipeline's.
     */
    static String ofMergeRequest(CIContext context) {
        String id = context.attribute("mergeRequestProjectId");
        return id != null && !id.isBlank() ? id.strip() : ofPipeline(context);
    }
}
