package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;
import java.util.Map;

/**
 * TeamCity, which Cucumber's library does not know, from its predefined build parameters
 * (https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html): a few are environment variables
 * ({@code TEAMCITY_VERSION}, {@code BUILD_NUMBER}, {@code BUILD_VCS_NUMBER}, {@code TEAMCITY_PROJECT_NAME}); the
 * rest are in the build properties file named by {@code TEAMCITY_BUILD_PROPERTIES_FILE} ({@code teamcity.build.id})
 * and the configuration properties file it names ({@code teamcity.serverUrl}, {@code teamcity.build.branch},
 * {@code vcsroot.url}, and {@code teamcity.pullRequest.*} of the Pull Requests feature:
 * https://www.jetbrains.com/help/teamcity/pull-requests.html). The build's page is
 * {@code <serverUrl>/viewLog.html?buildId=<id>}.
 */
final class TeamCity extends CiSystem {
    TeamCity() {
        super(null, env -> env.has("TEAMCITY_VERSION"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        Env build = properties(files, env.get("TEAMCITY_BUILD_PROPERTIES_FILE"));
        Env config = properties(files, build.get("teamcity.configuration.properties.file"));
        String buildId = first(build.get("teamcity.build.id"), config.get("teamcity.build.id"));
        String server = config.get("teamcity.serverUrl");
        String branch = config.get("teamcity.build.branch");
        Map<String, String> attributes = env.attributes("projectName", "TEAMCITY_PROJECT_NAME", "buildConfName",
                "TEAMCITY_BUILDCONF_NAME", "buildNumber", "BUILD_NUMBER");
        attributes.putAll(build.attributes("buildTypeId", "teamcity.buildType.id"));
        attributes.putAll(config.attributes("serverUrl", "teamcity.serverUrl"));
        return new CIContext("teamcity", Env.withoutUserInfo(config.get("vcsroot.url")),
                first(env.get("BUILD_VCS_NUMBER"), build.get("build.vcs.number"), config.get("build.vcs.number")),
                first(config.get("teamcity.pullRequest.source.branch"), "<default>".equals(branch) ? null : branch),
                config.number("teamcity.pullRequest.number"), buildId,
                Env.webUrl(server == null || buildId == null ? null
                        : server.replaceAll("/+$", "") + "/viewLog.html?buildId=" + buildId), attributes);
    }

    private static Env properties(TextFiles files, String path) {
        return path == null ? new Env(Map.of()) : files.read(path).map(Env::ofProperties).orElse(new Env(Map.of()));
    }
}
