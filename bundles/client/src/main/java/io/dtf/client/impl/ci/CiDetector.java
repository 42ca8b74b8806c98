package io.dtf.client.impl.ci;

import io.cucumber.cienvironment.CiEnvironment;
import io.cucumber.cienvironment.DetectCiEnvironment;
import io.dtf.api.task.CIContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CI build the {@code dtf} client runs in, as a {@link CIContext}: for the eight systems DTF reports to, their
 * documented variables complete what Cucumber's ci-environment library finds (see each {@link CiSystem}); any other
 * system the library knows gives what the library found. Only the variables named in the systems' code are read:
 * no token or other secret is ever copied, and URLs lose their user information.
 */
public final class CiDetector {
    /** Jenkins last: its variables are the least specific. */
    private static final List<CiSystem> SYSTEMS = List.of(new GitHubActions(), new GitLabCi(), new AzurePipelines(),
            new CircleCi(), new TravisCi(), new BitbucketPipelines(), new TeamCity(), new Jenkins());

    private CiDetector() {
    }

    /**
     * The context of the CI job of this environment; empty outside CI. A pure function of its arguments: files are
     * read through {@code files} only.
     */
    public static Optional<CIContext> detect(Map<String, String> environment, TextFiles files) {
        Env env = new Env(environment);
        // the library would read GitHub's event file itself: it reads the variables only, the event is read here
        Map<String, String> variables = new HashMap<>(environment);
        variables.remove("GITHUB_EVENT_PATH");
        Optional<CiEnvironment> detected = DetectCiEnvironment.detectCiEnvironment(variables);
        for (CiSystem system : SYSTEMS) {
            if (system.runs(env)) {
                return Optional.of(system.context(env, Library.of(detected, system.libraryName()), files));
            }
        }
        return detected.map(Library::other);
    }
}
