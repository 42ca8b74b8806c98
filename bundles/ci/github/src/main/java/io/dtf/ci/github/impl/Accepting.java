package io.dtf.ci.github.impl;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which runs a configuration reports: those of its API URL (when the run's context says which, as the client
 * does from {@code GITHUB_API_URL}), and of its owners or repositories when it names any.
 *
 * @param apiUrl the configured API URL
 * @param owners users and organizations, lower case; empty: all
 * @param repositories {@code owner/name}, lower case; empty: all
 */
record Accepting(URI apiUrl, Set<String> owners, Set<String> repositories) {
    static Accepting of(URI apiUrl, String[] owners, String[] repositories) {
        return new Accepting(apiUrl, lowerCase(owners), lowerCase(repositories));
    }

    boolean accepts(CIContext context) {
        String runApi = context.attribute("apiUrl");
        if (runApi != null && !runApi.isBlank() && !same(apiUrl, runApi)) {
            return false;
        }
        if (owners.isEmpty() && repositories.isEmpty()) {
            return true;
        }
        Repo repo = Repo.parse(context.repository());
        return repo != null && (owners.contains(repo.owner().toLowerCase(Locale.ROOT))
                || repositories.contains(repo.key()));
    }

    /** The same API, whatever the case of its host and a trailing slash. */
    static boolean same(URI configured, String other) {
        try {
            URI o = URI.create(other.strip());
            return Objects.equals(lower(configured.getScheme()), lower(o.getScheme()))
                    && Objects.equals(lower(configured.getHost()), lower(o.getHost()))
                    && port(configured) == port(o)
                    && path(configured).equals(path(o));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String path(URI uri) {
        return uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static Set<String> lowerCase(String[] values) {
        return values == null ? Set.of() : Arrays.stream(values).filter(Objects::nonNull).map(String::strip)
                .filter(v -> !v.isEmpty()).map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
