package io.dtf.ci.github.impl;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository as GitHub's paths name it: {@code /repos/{owner}/{repo}}.
 *
 * @param owner the user or organization
 * @param name the repository's name
 */
record Repo(String owner, String name) {
    /** {@code owner/name}, alone or at the end of a URL, with or without {@code .git}. */
    private static final Pattern FULL_NAME =
            Pattern.compile("(?:.*/)?([A-Za-z0-9](?:[A-Za-z0-9-]*)?)/([A-Za-z0-9._-]+?)(?:\\.git)?/?");

    /** The repository of a run's context, or {@code null} when it names none GitHub would know. */
    static Repo parse(String repository) {
        if (repository == null) {
            return null;
        }
        Matcher m = FULL_NAME.matcher(repository.strip());
        return m.matches() ? new Repo(m.group(1), m.group(2)) : null;
    }

    /**
     * The repository of a run's context.
     *
     * @throws ExternalSystemException with a {@code REJECTED} result naming what is wrong when it has none
     */
    static Repo of(CIContext context) {
        Repo repo = parse(context.repository());
        if (repo == null) {
            throw new ExternalSystemException(ExternalSystemResult.rejected("no_repository",
                    "the run's CI context names no GitHub repository (owner/name): " + context.repository()));
        }
        return repo;
    }

    /** The commit of a run's context, which statuses and check runs are set on. */
    static String commit(CIContext context) {
        if (context.commit() == null || context.commit().isBlank()) {
            throw new ExternalSystemException(ExternalSystemResult.rejected("no_commit",
                    "the run's CI context names no commit of " + context.repository()));
        }
        return context.commit().strip();
    }

    /** {@code owner/name}, in lower case: GitHub's names are not case sensitive. */
    String key() {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
