package io.dtf.client.impl.cli;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The CI context {@code dtf submit} sends: the detected one with the parts {@code --ci-context} sets. */
final class CiContexts {
    private CiContexts() {
    }

    /**
     * {@code detected} with {@code overrides} applied: a known part ({@code provider}, {@code repository},
     * {@code commit}, {@code branch}, {@code pullRequest}, {@code buildId}, {@code buildUrl}) or else an attribute;
     * an empty value removes it. {@code null} when nothing was detected nor set.
     *
     * @throws ParameterException when a value is not valid, or the result names no provider
     */
    static CIContext of(CommandSpec spec, Optional<CIContext> detected, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return detected.orElse(null);
        }
        CIContext base = detected.orElse(new CIContext("", null, null, null, null, null, null, Map.of()));
        String provider = base.provider().isEmpty() ? null : base.provider();
        String repository = base.repository();
        String commit = base.commit();
        String branch = base.branch();
        Integer pullRequest = base.pullRequest();
        String buildId = base.buildId();
        URI buildUrl = base.buildUrl();
        Map<String, String> attributes = new LinkedHashMap<>(base.attributes());
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String value = override.getValue().isBlank() ? null : override.getValue().strip();
            switch (override.getKey()) {
                case "provider" -> provider = value;
                case "repository" -> repository = value;
                case "commit" -> commit = value;
                case "branch" -> branch = value;
                case "pullRequest" -> pullRequest = value == null ? null : pullRequest(spec, value);
                case "buildId" -> buildId = value;
                case "buildUrl" -> buildUrl = value == null ? null : buildUrl(spec, value);
                default -> {
                    if (value == null) {
                        attributes.remove(override.getKey());
                    } else {
                        attributes.put(override.getKey(), value);
                    }
                }
            }
        }
        if (provider == null) {
            throw new ParameterException(spec.commandLine(), "--ci-context needs provider=NAME: no CI system was "
                    + "detected here");
        }
        return new CIContext(provider, repository, commit, branch, pullRequest, buildId, buildUrl, attributes);
    }

    private static Integer pullRequest(CommandSpec spec, String value) {
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
            throw new ParameterException(spec.commandLine(), "--ci-context pullRequest must be a number from 1, not "
                    + value);
        }
        return Integer.parseInt(value);
    }

    private static URI buildUrl(CommandSpec spec, String value) {
        try {
            URI url = URI.create(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ParameterException(spec.commandLine(), "--ci-context buildUrl must be an http(s) URL, not " + value);
    }
}
