package io.dtf.client.impl.ci;

import io.cucumber.cienvironment.CiEnvironment;
import io.dtf.api.task.CIContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Cucumber's ci-environment (io.cucumber:ci-environment, the maintained detection library of Cucumber) found:
 * build URL and number, commit, branch and the repository's remote without user information. Each part is
 * {@code null} when it found none.
 */
record Library(String url, String buildNumber, String revision, String branch, String remote) {
    static final Library NONE = new Library(null, null, null, null, null);

    /** The findings when the library detected the system named {@code name}; {@link #NONE} otherwise. */
    static Library of(Optional<CiEnvironment> detected, String name) {
        return detected.filter(ci -> ci.getName().equals(name)).map(Library::of).orElse(NONE);
    }

    private static Library of(CiEnvironment ci) {
        Optional<CiEnvironment.Git> git = ci.getGit();
        return new Library(ci.getUrl(), ci.getBuildNumber().orElse(null),
                git.map(CiEnvironment.Git::getRevision).orElse(null),
                git.flatMap(CiEnvironment.Git::getBranch).orElse(null), git.map(CiEnvironment.Git::getRemote).orElse(null));
    }

    /**
     * The context of a CI system the library knows and DTF has no reporting for (Bamboo, Bitrise, Buddy, CodeFresh,
     * GoCD, Semaphore, ...): its name in lower case letters and digits as the provider, and what the library found.
     */
    static CIContext other(CiEnvironment ci) {
        Library found = of(ci);
        return new CIContext(ci.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""),
                Env.withoutUserInfo(found.remote()), found.revision(), found.branch(), null, found.buildNumber(),
                Env.webUrl(found.url()), Map.of());
    }
}
