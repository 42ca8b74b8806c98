package io.dtf.api.task;

import java.util.Map;

/**
 * Which runs to list, newest first. Every filter given must hold; {@code null} (or an empty map) filters
 * nothing.
 *
 * @param tenant only this tenant's runs
 * @param page the window of the list
 * @param labels only runs with every one of these labels (name and value equal)
 * @param provider only runs from this CI system ({@link CIContext#provider()})
 * @param repository only runs of this repository ({@link CIContext#repository()})
 * @param commit only runs of this commit ({@link CIContext#commit()})
 * @param branch only runs of this branch ({@link CIContext#branch()})
 * @param pullRequest only runs of this pull or merge request number ({@link CIContext#pullRequest()})
 */
public record RunQuery(String tenant, Page page, Map<String, String> labels, String provider, String repository,
                       String commit, String branch, Integer pullRequest) {
    public RunQuery {
        page = page == null ? Page.FIRST : page;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Runs of a tenant ({@code null}: every tenant), whatever their labels and CI context. */
    public RunQuery(String tenant, Page page) {
        this(tenant, page, Map.of(), null, null, null, null, null);
    }

    public static RunQuery all(Page page) {
        return new RunQuery(null, page);
    }
}
