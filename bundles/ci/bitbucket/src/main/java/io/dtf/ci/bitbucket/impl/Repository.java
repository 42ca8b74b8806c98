package io.dtf.ci.bitbucket.impl;

import io.dtf.api.task.CIContext;
import io.dtf.http.JsonHttpClient;
import java.net.URI;

/**
 * The Bitbucket repository of a context: its workspace and slug ({@code BITBUCKET_WORKSPACE},
 * {@code BITBUCKET_REPO_SLUG}), else the two parts of its full name ({@code workspace/slug}).
 */
record Repository(String workspace, String slug) {

    /** The context's repository, or {@code null} when it names none. */
    static Repository of(CIContext context) {
        String workspace = context.attribute("workspace");
        String slug = context.attribute("repoSlug");
        if (present(workspace) && present(slug)) {
            return new Repository(workspace.strip(), slug.strip());
        }
        String name = context.repository() == null ? "" : context.repository().strip();
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new Repository(name.substring(0, slash), name.substring(slash + 1));
    }

    /** Where Bitbucket shows a commit of this repository, with its reports and statuses. */
    URI commitPage(URI web, String commit) {
        return URI.create(web.toString() + "/" + JsonHttpClient.encodeSegment(workspace) + "/"
                + JsonHttpClient.encodeSegment(slug) + "/commits/" + JsonHttpClient.encodeSegment(commit));
    }

    /** Why nothing can be reported on this context's commit (it names no repository, or no commit); else null. */
    static String commitProblem(CIContext context) {
        if (of(context) == null) {
            return MISSING;
        }
        return present(context.commit()) ? null : "the run's Bitbucket context names no commit";
    }

    /** Why a context without a repository cannot be reported. */
    static final String MISSING = "the run's Bitbucket context names no repository (workspace and repoSlug, "
            + "or repository as workspace/slug)";

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
