package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import io.dtf.api.task.CIContext;
import io.dtf.http.JsonHttpClient;
import java.util.Map;

/**
 * Azure Pipelines, from its predefined variables
 * (https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables). The library's URL is the build's
 * {@code vstfs:} URI, so the link is made from the collection, project and build id; the build id is
 * {@code BUILD_BUILDID} (what the REST API takes), the build number a name such as {@code 20261207.1}. On a pull
 * request the commit is the source commit ({@code SYSTEM_PULLREQUEST_SOURCECOMMITID}) and the number GitHub's
 * ({@code SYSTEM_PULLREQUEST_PULLREQUESTNUMBER}) or Azure Repos' id.
 */
final class AzurePipelines extends CiSystem {
    AzurePipelines() {
        super("Azure Pipelines", env -> env.isTrue("TF_BUILD"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        String collection = env.get("SYSTEM_COLLECTIONURI");
        String project = env.get("SYSTEM_TEAMPROJECT");
        String buildId = env.get("BUILD_BUILDID");
        String link = collection == null || project == null || buildId == null ? null
                : (collection.endsWith("/") ? collection : collection + "/") + JsonHttpClient.encodeSegment(project)
                        + "/_build/results?buildId=" + JsonHttpClient.encodeSegment(buildId);
        Integer number = env.number("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER");
        Map<String, String> attributes = env.attributes("collectionUri", "SYSTEM_COLLECTIONURI", "project",
                "SYSTEM_TEAMPROJECT", "projectId", "SYSTEM_TEAMPROJECTID", "repositoryProvider",
                "BUILD_REPOSITORY_PROVIDER", "repositoryId", "BUILD_REPOSITORY_ID", "pullRequestId",
                "SYSTEM_PULLREQUEST_PULLREQUESTID", "buildNumber", "BUILD_BUILDNUMBER", "definitionName",
                "BUILD_DEFINITIONNAME");
        String target = Env.branchOfRef(env.get("SYSTEM_PULLREQUEST_TARGETBRANCH"));
        if (target != null) {
            attributes.put("targetBranch", target);
        }
        return new CIContext("azure", env.get("BUILD_REPOSITORY_NAME"),
                first(env.get("SYSTEM_PULLREQUEST_SOURCECOMMITID"), library.revision(), env.get("BUILD_SOURCEVERSION")),
                first(Env.branchOfRef(env.get("SYSTEM_PULLREQUEST_SOURCEBRANCH")), library.branch(),
                        Env.branchOfRef(env.get("BUILD_SOURCEBRANCH"))),
                number != null ? number : env.number("SYSTEM_PULLREQUEST_PULLREQUESTID"), buildId, Env.webUrl(link),
                attributes);
    }
}
