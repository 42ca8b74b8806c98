package io.dtf.client.impl.ci;

import static io.dtf.client.impl.ci.Env.first;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dtf.api.task.CIContext;
import io.dtf.http.DtfJson;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Actions, from its default variables
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables).
 * On a pull request {@code GITHUB_SHA} is the merge commit GitHub made: the head commit, its branch and the number
 * are read from the webhook payload in {@code GITHUB_EVENT_PATH}
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request).
 */
final class GitHubActions extends CiSystem {
    private static final Pattern PULL_REF = Pattern.compile("refs/pull/([0-9]+)/.*");

    GitHubActions() {
        super("GitHub Actions", env -> env.isTrue("GITHUB_ACTIONS"));
    }

    @Override
    CIContext context(Env env, Library library, TextFiles files) {
        JsonNode pull = pullRequest(env, files);
        String ref = env.get("GITHUB_REF");
        Matcher pullRef = PULL_REF.matcher(ref == null ? "" : ref);
        Integer number = Env.positive(first(pull.path("number").asText(null), pullRef.matches() ? pullRef.group(1) : null));
        String commit = first(pull.path("head").path("sha").asText(null), library.revision(), env.get("GITHUB_SHA"));
        Map<String, String> attributes = env.attributes("apiUrl", "GITHUB_API_URL", "serverUrl", "GITHUB_SERVER_URL",
                "runAttempt", "GITHUB_RUN_ATTEMPT", "runNumber", "GITHUB_RUN_NUMBER", "workflow", "GITHUB_WORKFLOW",
                "job", "GITHUB_JOB", "eventName", "GITHUB_EVENT_NAME", "baseRef", "GITHUB_BASE_REF");
        String sha = env.get("GITHUB_SHA");
        if (sha != null && !sha.equals(commit)) {
            attributes.put("mergeCommit", sha);
        }
        String server = env.get("GITHUB_SERVER_URL");
        String repository = env.get("GITHUB_REPOSITORY");
        String runId = env.get("GITHUB_RUN_ID");
        return new CIContext("github", repository, commit,
                first(pull.path("head").path("ref").asText(null), env.get("GITHUB_HEAD_REF"), library.branch(),
                        Env.branchOfRef(ref)),
                number, first(library.buildNumber(), runId),
                Env.webUrl(first(library.url(), server == null || repository == null || runId == null ? null
                        : server + "/" + repository + "/actions/runs/" + runId)), attributes);
    }

    /** The event's {@code pull_request} object on events of pull requests; a missing node otherwise. */
    private static JsonNode pullRequest(Env env, TextFiles files) {
        String event = env.get("GITHUB_EVENT_NAME");
        String path = env.get("GITHUB_EVENT_PATH");
        if (event == null || !event.startsWith("pull_request") || path == null) {
            return MissingNode.getInstance();
        }
        return files.read(path).map(text -> {
            try {
                return DtfJson.mapper().readTree(text).path("pull_request");
            } catch (JsonProcessingException e) {
                return MissingNode.getInstance(); // the variables still tell the rest
            }
        }).orElse(MissingNode.getInstance());
    }
}
