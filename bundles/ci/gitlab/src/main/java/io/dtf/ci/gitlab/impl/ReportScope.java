package io.dtf.ci.gitlab.impl;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which runs one configuration reports: those of its GitLab server (the job's {@code CI_API_V4_URL}, or its
 * {@code CI_SERVER_URL}, against the configured API URL) and, when it names projects, of those projects. A context
 * that says nothing of its server is taken to be this one's.
 */
final class ReportScope {
    private final String apiUrl;
    private final List<String> projects;

    ReportScope(URI apiUrl, List<String> projects) {
        this.apiUrl = normalized(apiUrl.toString());
        this.projects = projects.stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p).toList();
    }

    boolean accepts(CIContext context) {
        return sameServer(context) && ofProjects(context);
    }

    private boolean sameServer(CIContext context) {
        String api = context.attribute("apiUrl");
        if (api != null && !api.isBlank()) {
            return normalized(api).equals(apiUrl);
        }
        String server = context.attribute("serverUrl");
        return server == null || server.isBlank() || apiUrl.startsWith(normalized(server) + "/");
    }

    private boolean ofProjects(CIContext context) {
        if (projects.isEmpty()) {
            return true;
        }
        String path = context.repository() == null ? "" : context.repository().toLowerCase(Locale.ROOT);
        String id = context.attribute("projectId");
        for (String project : projects) {
            String p = project.toLowerCase(Locale.ROOT);
            if (p.equals(id) || p.equals(path) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Scheme and host in lower case, without a trailing slash: how two spellings of one URL compare equal. */
    private static String normalized(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        int path = u.indexOf('/', u.indexOf("://") + 3);
        return path < 0 ? u.toLowerCase(Locale.ROOT) : u.substring(0, path).toLowerCase(Locale.ROOT) + u.substring(path);
    }
}
